#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "payback/status.h"

namespace payback {

/// A property value as the engine sees it: numbers are fixed-point int64 with 6 decimals.
/// A missing property is kNull (the engine maps kNullNumber / kNullString to it).
struct PropertyValue {
  enum class Kind : uint8_t { kNull, kNumber, kString };
  Kind kind = Kind::kNull;
  int64_t number = 0;     ///< fixed6 when kNumber
  std::string_view text;  ///< when kString; not owned
};

/// Parses `text` as a number in the `where` language's number syntax, plus an optional
/// leading `+`: `[+-]?digits(.digits)?([eE][+-]?digits)?`, the whole text and nothing else
/// (no spaces). Converts it exactly to fixed-point with 6 decimals, rounding half away from
/// zero. Returns false (leaving *fixed6 unspecified) when the text is not such a number or its
/// magnitude exceeds INT64_MAX / 1e6 units. Allocation-free; thread-safe.
bool ParseFixed6(std::string_view text, int64_t* fixed6);

/// A conversion's property filter (data.md, "Settings file"), parsed once and evaluated per
/// conversion event.
///
/// Language:
///   expr       := or_expr
///   or_expr    := and_expr ("or" and_expr)*
///   and_expr   := not_expr ("and" not_expr)*
///   not_expr   := "not" not_expr | "(" expr ")" | comparison
///   comparison := property op literal | literal op property
///               | property ["not"] "in" "(" literal ("," literal)* ")"
///   op         := "=" | "!=" | "<" | "<=" | ">" | ">="
/// - Keywords (`and`, `or`, `not`, `in`) are case-insensitive and reserved: a property with
///   such a name must be double-quoted.
/// - property: a bare identifier of letters, digits, `_`, `.`, `$` and non-ASCII (UTF-8)
///   bytes, not starting with a digit; or any non-empty text in "double quotes" (a `"` inside
///   written `""`). Names are case-sensitive.
/// - literal: a 'single-quoted' string (a `'` inside written `''`) or a number
///   `-?digits(.digits)?([eE][+-]?digits)?` (`-3`, `2.5`, `1e3`), converted exactly to fixed6
///   (6 decimals, half away from zero); magnitude at most INT64_MAX / 1e6.
/// - `literal op property` is read as `property flipped-op literal` (`5 < x` is `x > 5`).
/// - Nesting (parentheses and `not`) is limited to kMaxDepth levels.
///
/// Semantics of one comparison of a row's value with a literal:
/// - a missing property (kNull) makes every comparison false except `!=` and `not in`, which
///   are true; an enclosing `not` then negates as usual.
/// - number value vs number literal: compares the fixed6 integers.
/// - string value vs string literal: byte-wise, `<` etc. lexicographic on bytes.
/// - string value vs number literal: the value is converted with ParseFixed6 when the whole
///   string is a number; number value vs string literal: the literal is converted likewise;
///   when the conversion fails the kinds do not compare: the comparison is false, except
///   `!=` which is true.
/// - `x in (a, b)` is `x = a or x = b`; `x not in (a, b)` is `x != a and x != b`.
///
/// Immutable after Parse: Evaluate, properties and ToString are const and thread-safe.
class WherePredicate {
 public:
  /// The deepest nesting of parentheses and `not` that Parse accepts.
  static constexpr int kMaxDepth = 200;

  /// Parses a non-empty filter. Errors are InvalidInput with ErrorLocation.column = 1-based
  /// character (UTF-8 code point) position of the problem in `text` (one past the last
  /// character when the text ends too early) and a message saying what was expected
  /// ("expected ')'", "unknown operator '=='", "unterminated string"...). Empty or blank text
  /// is an error: callers treat "no filter" separately.
  static Result<WherePredicate> Parse(std::string_view text);

  /// Distinct property names referenced, in first-appearance order; Evaluate's `values[k]` is
  /// the value of properties()[k] for the row.
  const std::vector<std::string>& properties() const { return properties_; }

  /// True when the row whose property values are `values` passes the filter. Requires
  /// values.size() >= properties().size(). Allocation-free; short-circuits and/or.
  bool Evaluate(std::span<const PropertyValue> values) const;

  /// Canonical text: lower-case keywords, single spaces, parentheses only where needed,
  /// numbers in plain decimal (`1e3` -> `1000`), property names quoted only when needed.
  /// Parse accepts it, parses it to the same predicate, and ToString of that is identical.
  std::string ToString() const;

 private:
  friend class WhereParser;

  enum class NodeKind : uint8_t { kAnd, kOr, kNot, kCompare, kIn, kNotIn };
  enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

  /// A literal of the filter, with its numeric form precomputed for string literals.
  struct Literal {
    bool is_string = false;
    bool has_number = false;  ///< a number literal, or a string literal that is a number
    int64_t number = 0;       ///< fixed6, when has_number
    std::string text;         ///< when is_string
  };

  /// One node of the tree, stored in prefix order in nodes_: a node's children start right
  /// after it, and `end` is the index one past its subtree (so the next sibling's index).
  struct Node {
    NodeKind kind = NodeKind::kCompare;
    CompareOp op = CompareOp::kEq;  ///< kCompare
    uint32_t end = 0;
    uint32_t property = 0;       ///< kCompare, kIn, kNotIn: index into properties_
    uint32_t literal_begin = 0;  ///< kCompare: the literal; kIn, kNotIn: the list
    uint32_t literal_end = 0;
  };

  WherePredicate() = default;

  static bool Compare(const PropertyValue& value, const Literal& literal, CompareOp op);
  bool EvaluateNode(uint32_t index, std::span<const PropertyValue> values) const;
  void AppendNode(uint32_t index, std::string* out) const;
  void AppendLiteral(const Literal& literal, std::string* out) const;

  std::vector<std::string> properties_;
  std::vector<Literal> literals_;
  std::vector<Node> nodes_;
};

}  // namespace payback
