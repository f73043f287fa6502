#pragma once

#include <string_view>

#include "payback/formula/formula_ast.h"
#include "payback/formula/function_registry.h"
#include "payback/formula/metric_catalog.h"
#include "payback/status.h"

namespace payback {

/// The most formulas one text may hold (separated by `;`).
inline constexpr size_t kMaxFormulas = 4;
/// The deepest nesting of parentheses and unary minus accepted.
inline constexpr int kMaxFormulaNesting = 50;

/// Parses a formula text (docs/formulas.md):
///   text     := formula (";" formula)*          at most kMaxFormulas
///   formula  := additive
///   additive := multiplicative (("+" | "-") multiplicative)*
///   multiplicative := unary (("*" | "/") unary)*
///   unary    := "-" unary | primary
///   primary  := number | metric | call | "(" additive ")"
///   call     := FUNCTION "(" argument ("," argument)* ")"
/// Errors are InvalidInput with ErrorLocation.column = the 1-based character column of the
/// problem: unknown metric or function (with a "did you mean" suggestion), a function name
/// not in upper case, wrong number of arguments (at the function name), unbalanced
/// parentheses (at the unmatched one), an empty formula (where it was expected: at the `;` or
/// one past the end), more than four formulas (at the fourth `;`), an operator without a
/// right operand (at the operator), two operands without an operator (at the second), a bad
/// argument, and a filter that does not parse (at the column inside the filter's quotes).
/// `catalog` and `functions` are only read during the call. Thread-safe.
Result<FormulaAst> ParseFormulaText(std::string_view text, const MetricCatalog& catalog,
                                    const FunctionRegistry& functions);

}  // namespace payback
