#include "payback/formula/parser.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "payback/common/assert.h"
#include "payback/common/text.h"
#include "payback/formula/formula_chars.h"
#include "payback/formula/lexer.h"

namespace payback {

namespace {

using Kind = FormulaTokenKind;

bool IsOperator(Kind kind) {
  return kind == Kind::kPlus || kind == Kind::kMinus || kind == Kind::kStar || kind == Kind::kSlash;
}

bool StartsOperand(Kind kind) {
  return kind == Kind::kNumber || kind == Kind::kMetric || kind == Kind::kFunction ||
         kind == Kind::kWord || kind == Kind::kDoubleQuoted || kind == Kind::kSingleQuoted ||
         kind == Kind::kLeftParen;
}

bool EndsFormula(Kind kind) { return kind == Kind::kEnd || kind == Kind::kSemicolon; }

std::string Describe(const FormulaToken& token, std::string_view text) {
  switch (token.kind) {
    case Kind::kEnd:
      return "the end of the formula";
    case Kind::kNumber:
    case Kind::kMetric:
    case Kind::kFunction:
    case Kind::kWord:
    case Kind::kDoubleQuoted:
    case Kind::kSingleQuoted:
      return QuoteForMessage(text.substr(token.begin, token.end - token.begin));
    default:
      return fmt::format("'{}'", text[token.begin]);
  }
}

class Parser {
 public:
  Parser(std::string_view text, const MetricCatalog& catalog, const FunctionRegistry& functions)
      : text_(text), catalog_(catalog), functions_(functions), lexer_(text, catalog, functions) {}

  Result<FormulaAst> Parse();

 private:
  // The token at the cursor, lexed in `mode` (cached: the parser peeks often).
  Result<const FormulaToken*> Peek(LexMode mode);
  // Moves the cursor past `token` and remembers it as the previous token.
  void Consume(const FormulaToken& token);

  Result<uint32_t> ParseAdditive(int depth);
  Result<uint32_t> ParseMultiplicative(int depth);
  Result<uint32_t> ParseUnary(int depth);
  Result<uint32_t> ParsePrimary(int depth);
  Result<uint32_t> ParseCall(const FormulaToken& name);
  Status ParseFilter(const FormulaToken& argument, FormulaCall* call);
  // The error for `token`, found where an operator or the end of a (sub)formula was due.
  Status UnexpectedAfterOperand(const FormulaToken& token);
  Status UnknownName(const FormulaToken& word);

  uint32_t AddNode(FormulaNodeKind kind, size_t offset, uint32_t lhs = 0, uint32_t rhs = 0,
                   uint32_t operand = 0);
  Status ErrorAt(size_t offset, std::string message) const {
    return lexer_.ErrorAt(offset, std::move(message));
  }

  std::string_view text_;
  const MetricCatalog& catalog_;
  const FunctionRegistry& functions_;
  FormulaLexer lexer_;
  FormulaAst ast_;

  size_t pos_ = 0;
  FormulaToken peeked_;
  size_t peeked_pos_ = 0;
  LexMode peeked_mode_ = LexMode::kExpression;
  bool has_peeked_ = false;
  Kind previous_kind_ = Kind::kEnd;
  size_t previous_begin_ = 0;
  // Where the innermost open parenthesis is, for "'(' is never closed".
  std::vector<size_t> open_parens_;
};

Result<const FormulaToken*> Parser::Peek(LexMode mode) {
  if (!has_peeked_ || peeked_pos_ != pos_ || peeked_mode_ != mode) {
    PAYBACK_ASSIGN_OR_RETURN(peeked_, lexer_.Lex(pos_, mode));
    peeked_pos_ = pos_;
    peeked_mode_ = mode;
    has_peeked_ = true;
  }
  return &peeked_;
}

void Parser::Consume(const FormulaToken& token) {
  pos_ = token.end;
  previous_kind_ = token.kind;
  previous_begin_ = token.begin;
}

uint32_t Parser::AddNode(FormulaNodeKind kind, size_t offset, uint32_t lhs, uint32_t rhs,
                         uint32_t operand) {
  FormulaNode node;
  node.kind = kind;
  node.lhs = lhs;
  node.rhs = rhs;
  node.operand = operand;
  node.offset = static_cast<uint32_t>(offset);
  ast_.nodes.push_back(node);
  return static_cast<uint32_t>(ast_.nodes.size() - 1);
}

Result<FormulaAst> Parser::Parse() {
  if (text_.size() > FormulaLexer::kMaxTextBytes) {
    return ErrorAt(
        0, fmt::format("formula text too long (more than {} bytes)", FormulaLexer::kMaxTextBytes));
  }
  while (true) {
    PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* first, Peek(LexMode::kExpression));
    if (EndsFormula(first->kind)) {
      // A blank text is reported at its start; an empty formula between `;` where it ends.
      if (ast_.roots.empty() && first->kind == Kind::kEnd) return ErrorAt(0, "empty formula");
      return ErrorAt(first->begin, "empty formula: nothing before ';' or after it");
    }
    PAYBACK_ASSIGN_OR_RETURN(const uint32_t root, ParseAdditive(0));
    ast_.roots.push_back(root);
    PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* next, Peek(LexMode::kExpression));
    if (next->kind == Kind::kEnd) break;
    if (next->kind != Kind::kSemicolon) return UnexpectedAfterOperand(*next);
    if (ast_.roots.size() == kMaxFormulas) {
      return ErrorAt(next->begin, fmt::format("more than {} formulas", kMaxFormulas));
    }
    Consume(*next);
  }
  PAYBACK_ASSERT(open_parens_.empty());
  return std::move(ast_);
}

Status Parser::UnexpectedAfterOperand(const FormulaToken& token) {
  if (token.kind == Kind::kRightParen) {
    return ErrorAt(token.begin, "unbalanced parenthesis: ')' without a matching '('");
  }
  if (StartsOperand(token.kind)) {
    return ErrorAt(token.begin,
                   "missing operator: two operands in a row, before " + Describe(token, text_));
  }
  if (EndsFormula(token.kind) && !open_parens_.empty()) {
    return ErrorAt(open_parens_.back(), "unbalanced parenthesis: '(' is never closed");
  }
  return ErrorAt(token.begin, "unexpected " + Describe(token, text_));
}

Result<uint32_t> Parser::ParseAdditive(int depth) {
  PAYBACK_ASSIGN_OR_RETURN(uint32_t lhs, ParseMultiplicative(depth));
  while (true) {
    PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* op, Peek(LexMode::kExpression));
    if (op->kind != Kind::kPlus && op->kind != Kind::kMinus) return lhs;
    const FormulaNodeKind kind =
        op->kind == Kind::kPlus ? FormulaNodeKind::kAdd : FormulaNodeKind::kSubtract;
    const size_t offset = op->begin;
    Consume(*op);
    PAYBACK_ASSIGN_OR_RETURN(const uint32_t rhs, ParseMultiplicative(depth));
    lhs = AddNode(kind, offset, lhs, rhs);
  }
}

Result<uint32_t> Parser::ParseMultiplicative(int depth) {
  PAYBACK_ASSIGN_OR_RETURN(uint32_t lhs, ParseUnary(depth));
  while (true) {
    PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* op, Peek(LexMode::kExpression));
    if (op->kind != Kind::kStar && op->kind != Kind::kSlash) return lhs;
    const FormulaNodeKind kind =
        op->kind == Kind::kStar ? FormulaNodeKind::kMultiply : FormulaNodeKind::kDivide;
    const size_t offset = op->begin;
    Consume(*op);
    PAYBACK_ASSIGN_OR_RETURN(const uint32_t rhs, ParseUnary(depth));
    lhs = AddNode(kind, offset, lhs, rhs);
  }
}

Result<uint32_t> Parser::ParseUnary(int depth) {
  PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* token, Peek(LexMode::kExpression));
  if (token->kind != Kind::kMinus) return ParsePrimary(depth);
  if (depth >= kMaxFormulaNesting) {
    return ErrorAt(token->begin, fmt::format("formula nested too deeply (more than {} levels)",
                                             kMaxFormulaNesting));
  }
  const size_t offset = token->begin;
  Consume(*token);
  PAYBACK_ASSIGN_OR_RETURN(const uint32_t operand, ParseUnary(depth + 1));
  return AddNode(FormulaNodeKind::kNegate, offset, operand);
}

Result<uint32_t> Parser::ParsePrimary(int depth) {
  PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* token, Peek(LexMode::kExpression));
  switch (token->kind) {
    case Kind::kNumber: {
      ast_.numbers.push_back(token->pico);
      const size_t offset = token->begin;
      Consume(*token);
      return AddNode(FormulaNodeKind::kNumber, offset, 0, 0,
                     static_cast<uint32_t>(ast_.numbers.size() - 1));
    }
    case Kind::kMetric: {
      const auto metric = static_cast<uint32_t>(token->metric_index);
      const size_t offset = token->begin;
      Consume(*token);
      return AddNode(FormulaNodeKind::kMetric, offset, 0, 0, metric);
    }
    case Kind::kFunction: {
      const FormulaToken name = *token;
      return ParseCall(name);
    }
    case Kind::kWord:
      return UnknownName(*token);
    case Kind::kLeftParen: {
      if (depth >= kMaxFormulaNesting) {
        return ErrorAt(token->begin, fmt::format("formula nested too deeply (more than {} levels)",
                                                 kMaxFormulaNesting));
      }
      open_parens_.push_back(token->begin);
      Consume(*token);
      PAYBACK_ASSIGN_OR_RETURN(const uint32_t inner, ParseAdditive(depth + 1));
      PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* close, Peek(LexMode::kExpression));
      if (close->kind != Kind::kRightParen) return UnexpectedAfterOperand(*close);
      open_parens_.pop_back();
      Consume(*close);
      return inner;
    }
    case Kind::kDoubleQuoted:
    case Kind::kSingleQuoted:
      return ErrorAt(token->begin,
                     "quoted text is only allowed as a function argument; metric names are "
                     "written without quotes");
    case Kind::kEnd:
    case Kind::kSemicolon:
      if (IsOperator(previous_kind_)) {
        return ErrorAt(previous_begin_,
                       fmt::format("operator '{}' has no right operand", text_[previous_begin_]));
      }
      if (!open_parens_.empty()) {
        return ErrorAt(open_parens_.back(), "unbalanced parenthesis: '(' is never closed");
      }
      return ErrorAt(token->begin, "empty formula");
    case Kind::kRightParen:
      if (previous_kind_ == Kind::kLeftParen) {
        return ErrorAt(previous_begin_, "empty parentheses");
      }
      if (open_parens_.empty()) {
        return ErrorAt(token->begin, "unbalanced parenthesis: ')' without a matching '('");
      }
      break;
    default:
      break;
  }
  if (IsOperator(previous_kind_)) {
    return ErrorAt(token->begin, fmt::format("expected a number, metric, function or '(' after "
                                             "'{}', found {}",
                                             text_[previous_begin_], Describe(*token, text_)));
  }
  return ErrorAt(token->begin,
                 "expected a number, metric, function or '(', found " + Describe(*token, text_));
}

Status Parser::UnknownName(const FormulaToken& word) {
  // A word followed by '(' was meant as a function.
  const auto next = lexer_.Lex(word.end, LexMode::kExpression);
  if (next.ok() && next->kind == Kind::kLeftParen) {
    std::string message = "unknown function " + QuoteForMessage(word.text);
    if (const FunctionDef* suggestion = functions_.Suggest(word.text)) {
      message += fmt::format("; did you mean {}?", suggestion->name);
    } else {
      std::vector<std::string> names;
      for (const FunctionDef& def : functions_.functions()) names.emplace_back(def.name);
      message += "; the functions are " + JoinStrings(names, ", ");
    }
    return ErrorAt(word.begin, std::move(message));
  }
  if (const auto suggestion = catalog_.Suggest(text_, word.begin)) {
    return ErrorAt(word.begin,
                   fmt::format("unknown metric {}; did you mean {}?",
                               QuoteForMessage(text_.substr(word.begin, suggestion->length)),
                               QuoteForMessage(suggestion->spelling)));
  }
  return ErrorAt(word.begin, "unknown metric " + QuoteForMessage(word.text));
}

Result<uint32_t> Parser::ParseCall(const FormulaToken& name) {
  const FunctionDef& function = *name.function;
  Consume(name);
  PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* open, Peek(LexMode::kExpression));
  if (open->kind != Kind::kLeftParen) {
    return ErrorAt(open->begin, fmt::format("expected '(' after {}", function.name));
  }
  const size_t open_offset = open->begin;
  Consume(*open);

  std::vector<FormulaToken> arguments;
  PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* first, Peek(LexMode::kArgument));
  if (first->kind == Kind::kRightParen) {
    Consume(*first);
  } else {
    while (true) {
      PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* argument, Peek(LexMode::kArgument));
      if (EndsFormula(argument->kind)) {
        return ErrorAt(open_offset, "unbalanced parenthesis: '(' is never closed");
      }
      if (argument->kind != Kind::kWord && argument->kind != Kind::kDoubleQuoted &&
          argument->kind != Kind::kSingleQuoted) {
        return ErrorAt(argument->begin,
                       "expected an event name, a property name or a quoted filter, found " +
                           Describe(*argument, text_));
      }
      arguments.push_back(*argument);
      Consume(*argument);
      PAYBACK_ASSIGN_OR_RETURN(const FormulaToken* separator, Peek(LexMode::kArgument));
      if (separator->kind == Kind::kComma) {
        Consume(*separator);
        continue;
      }
      if (separator->kind == Kind::kRightParen) {
        Consume(*separator);
        break;
      }
      if (EndsFormula(separator->kind)) {
        return ErrorAt(open_offset, "unbalanced parenthesis: '(' is never closed");
      }
      if (separator->kind == Kind::kWord && arguments.back().kind == Kind::kWord) {
        return ErrorAt(arguments.back().begin,
                       "names with spaces are written in double quotes: \"" +
                           arguments.back().text + " ...\"");
      }
      return ErrorAt(separator->begin,
                     "expected ',' or ')' after an argument, found " + Describe(*separator, text_));
    }
  }

  const auto count = static_cast<int>(arguments.size());
  if (count < function.min_args() || count > function.max_args()) {
    return ErrorAt(name.begin, fmt::format("{} takes {} or {} arguments ({}), got {}",
                                           function.name, function.min_args(), function.max_args(),
                                           function.signature, count));
  }

  FormulaCall call;
  call.function = &function;
  size_t arg_idx = 0;
  // The event, then the property: bare words or "double-quoted" names.
  for (const bool is_property : {false, true}) {
    if (is_property && !function.takes_property) break;
    const FormulaToken& argument = arguments[arg_idx++];
    const char* what = is_property ? "property" : "event";
    if (argument.kind == Kind::kSingleQuoted) {
      return ErrorAt(argument.begin, fmt::format("{} names are written bare or in double quotes; "
                                                 "'single quotes' are for the filter",
                                                 what));
    }
    if (argument.text.empty()) return ErrorAt(argument.begin, fmt::format("empty {} name", what));
    if (is_property) {
      call.property = argument.text;
      call.property_offset = static_cast<uint32_t>(argument.begin);
    } else {
      call.event = argument.text;
    }
  }
  if (arg_idx < arguments.size()) {
    PAYBACK_RETURN_IF_ERROR(ParseFilter(arguments[arg_idx], &call));
  }
  ast_.calls.push_back(std::move(call));
  return AddNode(FormulaNodeKind::kFunction, name.begin, 0, 0,
                 static_cast<uint32_t>(ast_.calls.size() - 1));
}

Status Parser::ParseFilter(const FormulaToken& argument, FormulaCall* call) {
  if (argument.kind == Kind::kWord) {
    return ErrorAt(argument.begin,
                   "the filter is a quoted string in the settings `where` syntax, e.g. "
                   "\"category = 'Shoes'\"");
  }
  auto filter = WherePredicate::Parse(argument.text);
  if (filter.ok()) {
    call->filter = std::move(filter).value();
    return Status::Ok();
  }
  // Map the filter's column (characters inside the unescaped text) to the formula's.
  const int64_t inner_column = filter.status().location().column;
  size_t content_byte = 0;
  for (int64_t column = 1; content_byte < argument.text.size(); ++content_byte) {
    const bool lead = (static_cast<unsigned char>(argument.text[content_byte]) & 0xC0) != 0x80;
    if (lead && column++ == inner_column) break;
  }
  const size_t offset = inner_column >= 1 ? argument.source_offsets[content_byte] : argument.begin;
  return ErrorAt(offset, "invalid filter: " + filter.status().message());
}

}  // namespace

Result<FormulaAst> ParseFormulaText(std::string_view text, const MetricCatalog& catalog,
                                    const FunctionRegistry& functions) {
  Parser parser(text, catalog, functions);
  return parser.Parse();
}

}  // namespace payback
