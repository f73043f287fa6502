#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payback/formula/function_registry.h"
#include "payback/settings/where_predicate.h"

namespace payback {

enum class FormulaNodeKind : uint8_t {
  kNumber,    ///< operand: index into FormulaAst::numbers
  kMetric,    ///< operand: catalogue index
  kFunction,  ///< operand: index into FormulaAst::calls
  kNegate,    ///< lhs: the operand
  kAdd,       ///< lhs, rhs
  kSubtract,
  kMultiply,
  kDivide,
};

/// One node of a formula tree. Nodes are stored in post-order (children before their
/// parent), so a formula's nodes read in order are also its postfix form.
struct FormulaNode {
  FormulaNodeKind kind = FormulaNodeKind::kNumber;
  uint32_t lhs = 0;
  uint32_t rhs = 0;
  uint32_t operand = 0;
  uint32_t offset = 0;  ///< byte offset of the node's token in the text (for messages)
};

/// A function call as written: `PROPSUM(Charged, amount, "category = 'Shoes'")`.
struct FormulaCall {
  const FunctionDef* function = nullptr;  ///< from FunctionRegistry::Instance(); never null
  std::string event;
  std::string property;                  ///< empty unless function->takes_property
  std::optional<WherePredicate> filter;  ///< none when there is no filter argument
  uint32_t property_offset = 0;          ///< byte offset of the property argument
};

/// The parsed text: up to four formulas sharing one node vector.
struct FormulaAst {
  std::vector<FormulaNode> nodes;
  /// The root node of each formula. Formula k's nodes are (roots[k-1], roots[k]]: the root is
  /// the last node of its formula.
  std::vector<uint32_t> roots;
  std::vector<__int128> numbers;  ///< literals in 1e-12 units
  std::vector<FormulaCall> calls;
};

}  // namespace payback
