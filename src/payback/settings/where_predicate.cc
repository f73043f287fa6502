#include "payback/settings/where_predicate.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

#include "payback/common/assert.h"
#include "payback/common/text.h"

namespace payback {

namespace {

constexpr size_t kMaxTextBytes = size_t{1} << 24;
constexpr uint64_t kFixed6Scale = 1'000'000;

// (Designated initializers would trip -Wmissing-field-initializers.)
ErrorLocation AtColumn(int64_t column) {
  ErrorLocation location;
  location.column = column;
  return location;
}

// Bytes of a bare property name: ASCII letters, digits, `_`, `.`, `$`, and every byte of a
// multi-byte UTF-8 sequence (so that `catégorie` needs no quotes).
bool IsIdentChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsAsciiDigit(c) || c == '_' ||
         c == '.' || c == '$' || byte >= 0x80;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsOperatorChar(char c) {
  return c == '=' || c == '!' || c == '<' || c == '>' || c == '&' || c == '|';
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t idx = 0; idx < a.size(); ++idx) {
    char ca = a[idx];
    if (ca >= 'A' && ca <= 'Z') ca = static_cast<char>(ca - 'A' + 'a');
    if (ca != b[idx]) return false;
  }
  return true;
}

bool IsKeyword(std::string_view word) {
  return EqualsIgnoreCase(word, "and") || EqualsIgnoreCase(word, "or") ||
         EqualsIgnoreCase(word, "not") || EqualsIgnoreCase(word, "in");
}

// Whether `name` can be written without double quotes and read back as the same name.
bool IsBareName(std::string_view name) {
  if (name.empty() || IsAsciiDigit(name.front()) || IsKeyword(name)) return false;
  for (const char c : name) {
    if (!IsIdentChar(c)) return false;
  }
  return true;
}

// 1-based character position of byte `offset`: counts UTF-8 lead bytes (any byte that is not
// a continuation byte), so invalid UTF-8 still gets a sensible column.
int64_t ColumnOf(std::string_view text, size_t offset) {
  int64_t column = 1;
  for (size_t idx = 0; idx < offset && idx < text.size(); ++idx) {
    if ((static_cast<unsigned char>(text[idx]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

std::string DescribeChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte <= 0x7E) return fmt::format("'{}'", c);
  return fmt::format("\\x{:02X}", byte);
}

void AppendFixed6(int64_t value, std::string* out) {
  // Magnitude as unsigned so that no negation overflows (ParseFixed6 never yields INT64_MIN,
  // but a hand-built value might).
  const uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (value < 0) out->push_back('-');
  const uint64_t units = magnitude / kFixed6Scale;
  uint64_t fraction = magnitude % kFixed6Scale;
  fmt::format_to(std::back_inserter(*out), "{}", units);
  if (fraction == 0) return;
  int digits = 6;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  fmt::format_to(std::back_inserter(*out), ".{:0{}}", fraction, digits);
}

// Appends `text` between `quote` characters, doubling each `quote` inside.
void AppendQuoted(std::string_view text, char quote, std::string* out) {
  out->push_back(quote);
  for (const char c : text) {
    out->push_back(c);
    if (c == quote) out->push_back(quote);
  }
  out->push_back(quote);
}

}  // namespace

bool ParseFixed6(std::string_view text, int64_t* fixed6) {
  const size_t size = text.size();
  size_t pos = 0;
  bool negative = false;
  if (pos < size && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  const size_t int_begin = pos;
  while (pos < size && IsAsciiDigit(text[pos])) ++pos;
  const size_t int_end = pos;
  if (int_end == int_begin) return false;
  size_t frac_begin = pos;
  size_t frac_end = pos;
  if (pos < size && text[pos] == '.') {
    ++pos;
    frac_begin = pos;
    while (pos < size && IsAsciiDigit(text[pos])) ++pos;
    frac_end = pos;
    if (frac_end == frac_begin) return false;
  }
  int64_t exponent = 0;
  if (pos < size && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exponent_negative = false;
    if (pos < size && (text[pos] == '+' || text[pos] == '-')) {
      exponent_negative = text[pos] == '-';
      ++pos;
    }
    const size_t exponent_begin = pos;
    // Clamped: beyond a million the value is 0 or out of range either way.
    constexpr int64_t kExponentCap = 1'000'000;
    while (pos < size && IsAsciiDigit(text[pos])) {
      exponent = std::min(kExponentCap, exponent * 10 + (text[pos] - '0'));
      ++pos;
    }
    if (pos == exponent_begin) return false;
    if (exponent_negative) exponent = -exponent;
  }
  if (pos != size) return false;

  // The digits D (integer then fraction digits) times 10^shift is the fixed6 value; the first
  // `keep` digits of D form its integer part, the digit after them decides the rounding.
  const int64_t int_len = static_cast<int64_t>(int_end - int_begin);
  const int64_t frac_len = static_cast<int64_t>(frac_end - frac_begin);
  const int64_t total = int_len + frac_len;
  const int64_t shift = exponent - frac_len + 6;
  const int64_t keep = total + shift;
  const auto digit = [&](int64_t k) -> uint64_t {
    const char c = k < int_len ? text[int_begin + k] : text[frac_begin + (k - int_len)];
    return static_cast<uint64_t>(c - '0');
  };
  constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t acc = 0;
  for (int64_t k = 0; k < std::min(keep, total); ++k) {
    const uint64_t d = digit(k);
    if (acc > (kMax - d) / 10) return false;
    acc = acc * 10 + d;
  }
  // Trailing zeros from a positive shift; a zero stays zero however many there are.
  for (int64_t k = total; k < keep && acc != 0; ++k) {
    if (acc > kMax / 10) return false;
    acc *= 10;
  }
  // Half away from zero: the magnitude rounds up when the first dropped digit is >= 5 (the
  // decimal is exact, so that digit alone says whether the rest is >= one half).
  if (keep >= 0 && keep < total && digit(keep) >= 5) {
    if (acc == kMax) return false;
    ++acc;
  }
  *fixed6 = negative ? -static_cast<int64_t>(acc) : static_cast<int64_t>(acc);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Lexer and recursive-descent parser. Only used by WherePredicate::Parse.

class WhereParser {
 public:
  explicit WhereParser(std::string_view text) : text_(text) {}

  Result<WherePredicate> Run();

 private:
  using NodeKind = WherePredicate::NodeKind;
  using CompareOp = WherePredicate::CompareOp;
  using Literal = WherePredicate::Literal;

  enum class TokenKind : uint8_t {
    kName,    // bare or double-quoted property name; `text` holds the name
    kString,  // 'string'; `text` holds the unescaped value
    kNumber,  // `number` holds the fixed6 value
    kAnd,
    kOr,
    kNot,
    kIn,
    kOp,  // `op`
    kLeftParen,
    kRightParen,
    kComma,
    kEnd,
  };

  struct Token {
    TokenKind kind = TokenKind::kEnd;
    size_t offset = 0;  // byte offset in text_
    CompareOp op = CompareOp::kEq;
    int64_t number = 0;
    std::string text;
  };

  // A parsed subtree before it is flattened into prefix order.
  struct Ast {
    NodeKind kind = NodeKind::kCompare;
    CompareOp op = CompareOp::kEq;
    uint32_t property = 0;
    uint32_t literal_begin = 0;
    uint32_t literal_end = 0;
    std::vector<Ast> children;
  };

  Status Error(size_t offset, std::string message) const {
    return Status::InvalidInput(std::move(message), AtColumn(ColumnOf(text_, offset)));
  }

  Status Lex();
  Status LexQuoted(size_t* pos, char quote, std::string* out);
  Status LexNumber(size_t* pos, Token* token);

  const Token& Peek() const { return tokens_[next_]; }
  const Token& Take() { return tokens_[next_++]; }

  Result<Ast> ParseOr();
  Result<Ast> ParseAnd();
  Result<Ast> ParseNot();
  Result<Ast> ParseComparison();
  Status ParseLiteral(const char* context);
  Status ParseLiteralList();
  uint32_t InternProperty(const std::string& name);

  void Emit(const Ast& ast);
  void EmitChildren(const Ast& ast, NodeKind parent_kind);

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
  int depth_ = 0;
  WherePredicate result_;
};

Status WhereParser::LexQuoted(size_t* pos, char quote, std::string* out) {
  const size_t open = *pos;
  size_t cursor = open + 1;
  while (true) {
    if (cursor >= text_.size()) {
      return Error(open, quote == '\'' ? "unterminated string" : "unterminated property name");
    }
    const char c = text_[cursor];
    if (c == quote) {
      // A doubled quote is one quote character inside the text.
      if (cursor + 1 < text_.size() && text_[cursor + 1] == quote) {
        out->push_back(quote);
        cursor += 2;
        continue;
      }
      *pos = cursor + 1;
      return Status::Ok();
    }
    out->push_back(c);
    ++cursor;
  }
}

Status WhereParser::LexNumber(size_t* pos, Token* token) {
  const size_t begin = *pos;
  size_t cursor = begin;
  if (text_[cursor] == '-') ++cursor;
  while (cursor < text_.size() && IsAsciiDigit(text_[cursor])) ++cursor;
  bool malformed = false;
  if (cursor < text_.size() && text_[cursor] == '.') {
    ++cursor;
    const size_t digits = cursor;
    while (cursor < text_.size() && IsAsciiDigit(text_[cursor])) ++cursor;
    malformed |= cursor == digits;
  }
  if (cursor < text_.size() && (text_[cursor] == 'e' || text_[cursor] == 'E')) {
    ++cursor;
    if (cursor < text_.size() && (text_[cursor] == '+' || text_[cursor] == '-')) ++cursor;
    const size_t digits = cursor;
    while (cursor < text_.size() && IsAsciiDigit(text_[cursor])) ++cursor;
    malformed |= cursor == digits;
  }
  // `1abc`, `1.2.3`, `1.`: the number runs into a name; report the whole run.
  if (cursor < text_.size() && IsIdentChar(text_[cursor])) malformed = true;
  if (malformed) {
    while (cursor < text_.size() && IsIdentChar(text_[cursor])) ++cursor;
    return Error(begin, fmt::format("malformed number '{}'", text_.substr(begin, cursor - begin)));
  }
  if (!ParseFixed6(text_.substr(begin, cursor - begin), &token->number)) {
    return Error(begin,
                 fmt::format("number '{}' is out of range", text_.substr(begin, cursor - begin)));
  }
  token->kind = TokenKind::kNumber;
  *pos = cursor;
  return Status::Ok();
}

Status WhereParser::Lex() {
  size_t pos = 0;
  while (true) {
    while (pos < text_.size() && IsSpace(text_[pos])) ++pos;
    Token token;
    token.offset = pos;
    if (pos >= text_.size()) {
      tokens_.push_back(std::move(token));
      return Status::Ok();
    }
    const char c = text_[pos];
    if (c == '(' || c == ')' || c == ',') {
      token.kind = c == '('   ? TokenKind::kLeftParen
                   : c == ')' ? TokenKind::kRightParen
                              : TokenKind::kComma;
      ++pos;
    } else if (c == '\'') {
      token.kind = TokenKind::kString;
      PAYBACK_RETURN_IF_ERROR(LexQuoted(&pos, '\'', &token.text));
    } else if (c == '"') {
      token.kind = TokenKind::kName;
      PAYBACK_RETURN_IF_ERROR(LexQuoted(&pos, '"', &token.text));
      if (token.text.empty()) return Error(token.offset, "empty property name");
    } else if (IsAsciiDigit(c) ||
               (c == '-' && pos + 1 < text_.size() && IsAsciiDigit(text_[pos + 1]))) {
      PAYBACK_RETURN_IF_ERROR(LexNumber(&pos, &token));
    } else if (IsOperatorChar(c)) {
      // Maximal munch over operator characters, so that `==` or `<>` is reported whole
      // rather than as `=` followed by a confusing error.
      const size_t begin = pos;
      while (pos < text_.size() && IsOperatorChar(text_[pos])) ++pos;
      const std::string_view op = text_.substr(begin, pos - begin);
      token.kind = TokenKind::kOp;
      if (op == "=") {
        token.op = CompareOp::kEq;
      } else if (op == "!=") {
        token.op = CompareOp::kNe;
      } else if (op == "<") {
        token.op = CompareOp::kLt;
      } else if (op == "<=") {
        token.op = CompareOp::kLe;
      } else if (op == ">") {
        token.op = CompareOp::kGt;
      } else if (op == ">=") {
        token.op = CompareOp::kGe;
      } else {
        return Error(begin, fmt::format("unknown operator '{}'", op));
      }
    } else if (IsIdentChar(c)) {
      const size_t begin = pos;
      while (pos < text_.size() && IsIdentChar(text_[pos])) ++pos;
      const std::string_view word = text_.substr(begin, pos - begin);
      if (EqualsIgnoreCase(word, "and")) {
        token.kind = TokenKind::kAnd;
      } else if (EqualsIgnoreCase(word, "or")) {
        token.kind = TokenKind::kOr;
      } else if (EqualsIgnoreCase(word, "not")) {
        token.kind = TokenKind::kNot;
      } else if (EqualsIgnoreCase(word, "in")) {
        token.kind = TokenKind::kIn;
      } else {
        token.kind = TokenKind::kName;
        token.text = std::string(word);
      }
    } else {
      return Error(pos, fmt::format("unexpected character {}", DescribeChar(c)));
    }
    tokens_.push_back(std::move(token));
  }
}

uint32_t WhereParser::InternProperty(const std::string& name) {
  std::vector<std::string>& properties = result_.properties_;
  for (size_t idx = 0; idx < properties.size(); ++idx) {
    if (properties[idx] == name) return static_cast<uint32_t>(idx);
  }
  properties.push_back(name);
  return static_cast<uint32_t>(properties.size() - 1);
}

Result<WhereParser::Ast> WhereParser::ParseOr() {
  PAYBACK_ASSIGN_OR_RETURN(Ast first, ParseAnd());
  if (Peek().kind != TokenKind::kOr) return first;
  Ast node;
  node.kind = NodeKind::kOr;
  node.children.push_back(std::move(first));
  while (Peek().kind == TokenKind::kOr) {
    Take();
    PAYBACK_ASSIGN_OR_RETURN(Ast next, ParseAnd());
    node.children.push_back(std::move(next));
  }
  return node;
}

Result<WhereParser::Ast> WhereParser::ParseAnd() {
  PAYBACK_ASSIGN_OR_RETURN(Ast first, ParseNot());
  if (Peek().kind != TokenKind::kAnd) return first;
  Ast node;
  node.kind = NodeKind::kAnd;
  node.children.push_back(std::move(first));
  while (Peek().kind == TokenKind::kAnd) {
    Take();
    PAYBACK_ASSIGN_OR_RETURN(Ast next, ParseNot());
    node.children.push_back(std::move(next));
  }
  return node;
}

Result<WhereParser::Ast> WhereParser::ParseNot() {
  const Token& token = Peek();
  if (token.kind != TokenKind::kNot && token.kind != TokenKind::kLeftParen) {
    return ParseComparison();
  }
  // Parentheses and `not` are the only ways to nest; bounding them bounds the recursion here,
  // in Evaluate and in ToString.
  if (++depth_ > WherePredicate::kMaxDepth) {
    return Error(token.offset, fmt::format("filter nested too deeply (more than {} levels)",
                                           WherePredicate::kMaxDepth));
  }
  Ast result;
  if (Take().kind == TokenKind::kNot) {
    PAYBACK_ASSIGN_OR_RETURN(Ast operand, ParseNot());
    result.kind = NodeKind::kNot;
    result.children.push_back(std::move(operand));
  } else {
    PAYBACK_ASSIGN_OR_RETURN(result, ParseOr());
    if (Peek().kind != TokenKind::kRightParen) return Error(Peek().offset, "expected ')'");
    Take();
  }
  --depth_;
  return result;
}

Status WhereParser::ParseLiteral(const char* context) {
  const Token& token = Peek();
  Literal literal;
  if (token.kind == TokenKind::kString) {
    literal.is_string = true;
    literal.text = token.text;
    literal.has_number = ParseFixed6(literal.text, &literal.number);
  } else if (token.kind == TokenKind::kNumber) {
    literal.has_number = true;
    literal.number = token.number;
  } else {
    return Error(token.offset, fmt::format("expected a number or a 'quoted string' {}", context));
  }
  Take();
  result_.literals_.push_back(std::move(literal));
  return Status::Ok();
}

Status WhereParser::ParseLiteralList() {
  if (Peek().kind != TokenKind::kLeftParen) return Error(Peek().offset, "expected '(' after 'in'");
  Take();
  PAYBACK_RETURN_IF_ERROR(ParseLiteral("in the list"));
  while (Peek().kind == TokenKind::kComma) {
    Take();
    PAYBACK_RETURN_IF_ERROR(ParseLiteral("in the list"));
  }
  if (Peek().kind != TokenKind::kRightParen) return Error(Peek().offset, "expected ',' or ')'");
  Take();
  return Status::Ok();
}

Result<WhereParser::Ast> WhereParser::ParseComparison() {
  const Token& first = Peek();
  Ast node;
  node.kind = NodeKind::kCompare;
  if (first.kind == TokenKind::kName) {
    node.property = InternProperty(first.text);
    Take();
    const Token& op = Peek();
    node.literal_begin = static_cast<uint32_t>(result_.literals_.size());
    if (op.kind == TokenKind::kOp) {
      node.op = op.op;
      Take();
      PAYBACK_RETURN_IF_ERROR(ParseLiteral("after the operator"));
    } else if (op.kind == TokenKind::kIn) {
      node.kind = NodeKind::kIn;
      Take();
      PAYBACK_RETURN_IF_ERROR(ParseLiteralList());
    } else if (op.kind == TokenKind::kNot) {
      Take();
      if (Peek().kind != TokenKind::kIn) return Error(Peek().offset, "expected 'in' after 'not'");
      Take();
      node.kind = NodeKind::kNotIn;
      PAYBACK_RETURN_IF_ERROR(ParseLiteralList());
    } else {
      return Error(op.offset, "expected a comparison operator (=, !=, <, <=, >, >=, in, not in)");
    }
    node.literal_end = static_cast<uint32_t>(result_.literals_.size());
    return node;
  }
  if (first.kind == TokenKind::kString || first.kind == TokenKind::kNumber) {
    // `literal op property`: stored flipped, as `property op' literal`.
    const size_t literal_offset = first.offset;
    node.literal_begin = static_cast<uint32_t>(result_.literals_.size());
    PAYBACK_RETURN_IF_ERROR(ParseLiteral(""));
    node.literal_end = node.literal_begin + 1;
    const Token& op = Peek();
    if (op.kind == TokenKind::kIn || op.kind == TokenKind::kNot) {
      return Error(literal_offset, "expected a property name before 'in'");
    }
    if (op.kind != TokenKind::kOp) {
      return Error(op.offset, "expected a comparison operator (=, !=, <, <=, >, >=)");
    }
    switch (op.op) {
      case CompareOp::kLt:
        node.op = CompareOp::kGt;
        break;
      case CompareOp::kLe:
        node.op = CompareOp::kGe;
        break;
      case CompareOp::kGt:
        node.op = CompareOp::kLt;
        break;
      case CompareOp::kGe:
        node.op = CompareOp::kLe;
        break;
      case CompareOp::kEq:
      case CompareOp::kNe:
        node.op = op.op;
        break;
    }
    Take();
    if (Peek().kind != TokenKind::kName) {
      return Error(Peek().offset, "expected a property name after the operator");
    }
    node.property = InternProperty(Peek().text);
    Take();
    return node;
  }
  return Error(first.offset, "expected a condition (a property name, 'not' or '(')");
}

void WhereParser::EmitChildren(const Ast& ast, NodeKind parent_kind) {
  for (const Ast& child : ast.children) {
    // `a and (b and c)` is the n-ary `a and b and c`: flattening makes ToString's output
    // parse back to the very same node layout.
    if (child.kind == parent_kind) {
      EmitChildren(child, parent_kind);
    } else {
      Emit(child);
    }
  }
}

void WhereParser::Emit(const Ast& ast) {
  std::vector<WherePredicate::Node>& nodes = result_.nodes_;
  const size_t index = nodes.size();
  WherePredicate::Node node;
  node.kind = ast.kind;
  node.op = ast.op;
  node.property = ast.property;
  node.literal_begin = ast.literal_begin;
  node.literal_end = ast.literal_end;
  nodes.push_back(node);
  if (ast.kind == NodeKind::kAnd || ast.kind == NodeKind::kOr) {
    EmitChildren(ast, ast.kind);
  } else {
    for (const Ast& child : ast.children) Emit(child);
  }
  nodes[index].end = static_cast<uint32_t>(nodes.size());
}

Result<WherePredicate> WhereParser::Run() {
  if (text_.size() > kMaxTextBytes) {
    return Status::InvalidInput(fmt::format("filter too long (more than {} bytes)", kMaxTextBytes),
                                AtColumn(1));
  }
  PAYBACK_RETURN_IF_ERROR(Lex());
  if (tokens_.size() == 1) return Error(0, "empty filter");
  PAYBACK_ASSIGN_OR_RETURN(Ast root, ParseOr());
  const Token& rest = Peek();
  if (rest.kind == TokenKind::kRightParen) return Error(rest.offset, "unmatched ')'");
  if (rest.kind != TokenKind::kEnd) {
    return Error(rest.offset, "expected 'and', 'or' or the end of the filter");
  }
  Emit(root);
  return std::move(result_);
}

// ---------------------------------------------------------------------------------------------

Result<WherePredicate> WherePredicate::Parse(std::string_view text) {
  WhereParser parser(text);
  return parser.Run();
}

bool WherePredicate::Compare(const PropertyValue& value, const Literal& literal, CompareOp op) {
  int64_t lhs = 0;
  int cmp = 0;
  switch (value.kind) {
    case PropertyValue::Kind::kNull:
      return op == CompareOp::kNe;
    case PropertyValue::Kind::kNumber:
      if (!literal.has_number) return op == CompareOp::kNe;
      lhs = value.number;
      cmp = lhs < literal.number ? -1 : (lhs > literal.number ? 1 : 0);
      break;
    case PropertyValue::Kind::kString:
      if (literal.is_string) {
        // std::string_view::compare is byte-wise (char_traits<char> compares as unsigned char).
        cmp = value.text.compare(literal.text);
      } else {
        if (!ParseFixed6(value.text, &lhs)) return op == CompareOp::kNe;
        cmp = lhs < literal.number ? -1 : (lhs > literal.number ? 1 : 0);
      }
      break;
  }
  switch (op) {
    case CompareOp::kEq:
      return cmp == 0;
    case CompareOp::kNe:
      return cmp != 0;
    case CompareOp::kLt:
      return cmp < 0;
    case CompareOp::kLe:
      return cmp <= 0;
    case CompareOp::kGt:
      return cmp > 0;
    case CompareOp::kGe:
      return cmp >= 0;
  }
  return false;
}

bool WherePredicate::EvaluateNode(uint32_t index, std::span<const PropertyValue> values) const {
  const Node& node = nodes_[index];
  switch (node.kind) {
    case NodeKind::kAnd:
      for (uint32_t child = index + 1; child < node.end; child = nodes_[child].end) {
        if (!EvaluateNode(child, values)) return false;
      }
      return true;
    case NodeKind::kOr:
      for (uint32_t child = index + 1; child < node.end; child = nodes_[child].end) {
        if (EvaluateNode(child, values)) return true;
      }
      return false;
    case NodeKind::kNot:
      return !EvaluateNode(index + 1, values);
    case NodeKind::kCompare:
      return Compare(values[node.property], literals_[node.literal_begin], node.op);
    case NodeKind::kIn:
    case NodeKind::kNotIn: {
      const PropertyValue& value = values[node.property];
      // A missing value is in no list; `!=` against every element then holds.
      if (value.kind == PropertyValue::Kind::kNull) return node.kind == NodeKind::kNotIn;
      bool found = false;
      for (uint32_t lit = node.literal_begin; lit < node.literal_end && !found; ++lit) {
        found = Compare(value, literals_[lit], CompareOp::kEq);
      }
      return found == (node.kind == NodeKind::kIn);
    }
  }
  return false;
}

bool WherePredicate::Evaluate(std::span<const PropertyValue> values) const {
  PAYBACK_ASSERT(values.size() >= properties_.size());
  PAYBACK_ASSERT(!nodes_.empty());
  return EvaluateNode(0, values);
}

void WherePredicate::AppendLiteral(const Literal& literal, std::string* out) const {
  if (literal.is_string) {
    AppendQuoted(literal.text, '\'', out);
  } else {
    AppendFixed6(literal.number, out);
  }
}

void WherePredicate::AppendNode(uint32_t index, std::string* out) const {
  const Node& node = nodes_[index];
  switch (node.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      const bool is_and = node.kind == NodeKind::kAnd;
      for (uint32_t child = index + 1; child < node.end; child = nodes_[child].end) {
        if (child != index + 1) out->append(is_and ? " and " : " or ");
        // Children of an and/or are never of the same kind (flattened); an `or` inside an
        // `and` needs parentheses, an `and` inside an `or` does not.
        const bool parens = is_and && nodes_[child].kind == NodeKind::kOr;
        if (parens) out->push_back('(');
        AppendNode(child, out);
        if (parens) out->push_back(')');
      }
      return;
    }
    case NodeKind::kNot: {
      out->append("not ");
      const NodeKind child_kind = nodes_[index + 1].kind;
      const bool parens = child_kind == NodeKind::kAnd || child_kind == NodeKind::kOr;
      if (parens) out->push_back('(');
      AppendNode(index + 1, out);
      if (parens) out->push_back(')');
      return;
    }
    case NodeKind::kCompare:
    case NodeKind::kIn:
    case NodeKind::kNotIn:
      break;
  }
  const std::string& name = properties_[node.property];
  if (IsBareName(name)) {
    out->append(name);
  } else {
    AppendQuoted(name, '"', out);
  }
  if (node.kind == NodeKind::kCompare) {
    static constexpr std::string_view kOpText[] = {" = ", " != ", " < ", " <= ", " > ", " >= "};
    out->append(kOpText[static_cast<size_t>(node.op)]);
    AppendLiteral(literals_[node.literal_begin], out);
    return;
  }
  out->append(node.kind == NodeKind::kIn ? " in (" : " not in (");
  for (uint32_t lit = node.literal_begin; lit < node.literal_end; ++lit) {
    if (lit != node.literal_begin) out->append(", ");
    AppendLiteral(literals_[lit], out);
  }
  out->push_back(')');
}

std::string WherePredicate::ToString() const {
  std::string out;
  if (!nodes_.empty()) AppendNode(0, &out);
  return out;
}

}  // namespace payback
