#include "payback/formula/compiled_formula.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "payback/common/assert.h"
#include "payback/common/text.h"
#include "payback/formula/formula_chars.h"
#include "payback/formula/parser.h"

namespace payback {

namespace {

// Evaluation stacks up to this depth live on the machine stack.
constexpr size_t kSmallStack = 8;
constexpr size_t kInlineStack = 32;

// Binding strength for ToString's parentheses: operands bind tightest.
int Precedence(FormulaNodeKind kind) {
  switch (kind) {
    case FormulaNodeKind::kAdd:
    case FormulaNodeKind::kSubtract:
      return 1;
    case FormulaNodeKind::kMultiply:
    case FormulaNodeKind::kDivide:
      return 2;
    default:
      return 3;
  }
}

bool IsBinary(FormulaNodeKind kind) { return Precedence(kind) < 3; }

// `text` in double quotes, a `"` inside written `""` (the lexer's escape).
void AppendDoubleQuoted(std::string_view text, std::string* out) {
  out->push_back('"');
  for (const char c : text) {
    out->push_back(c);
    if (c == '"') out->push_back('"');
  }
  out->push_back('"');
}

// `name` bare when the argument lexer reads it back as one word, else in double quotes.
void AppendName(std::string_view name, std::string* out) {
  if (formula_chars::IsBareWord(name)) {
    out->append(name);
  } else {
    AppendDoubleQuoted(name, out);
  }
}

}  // namespace

Result<CompiledFormula> CompiledFormula::Compile(std::string_view text,
                                                 const MetricCatalog& catalog) {
  PAYBACK_ASSIGN_OR_RETURN(FormulaAst ast,
                           ParseFormulaText(text, catalog, FunctionRegistry::Instance()));
  CompiledFormula compiled;
  compiled.text_ = std::string(text);
  compiled.ast_ = std::move(ast);
  for (size_t metric_idx = 0; metric_idx < catalog.size(); ++metric_idx) {
    compiled.metric_names_.emplace_back(catalog.CanonicalName(metric_idx));
  }
  for (const __int128 pico : compiled.ast_.numbers) {
    compiled.numbers_.push_back(FormulaValue::FromPico(pico));
  }

  // Nodes are in post-order, so emitting them in order gives postfix code.
  const FormulaAst& tree = compiled.ast_;
  size_t depth = 0;
  size_t formula_idx = 0;
  for (size_t node_idx = 0; node_idx < tree.nodes.size(); ++node_idx) {
    const FormulaNode& node = tree.nodes[node_idx];
    Instruction instruction;
    switch (node.kind) {
      case FormulaNodeKind::kNumber:
        instruction = {OpCode::kPushNumber, node.operand, 0};
        break;
      case FormulaNodeKind::kMetric: {
        instruction = {OpCode::kPushMetric, node.operand, 0};
        auto& indices = compiled.metric_indices_;
        if (std::find(indices.begin(), indices.end(), node.operand) == indices.end()) {
          indices.push_back(node.operand);
        }
        compiled.metrics_needed_ = std::max<size_t>(compiled.metrics_needed_, node.operand + 1);
        break;
      }
      case FormulaNodeKind::kFunction: {
        const FormulaCall& call = tree.calls[node.operand];
        const uint32_t numerator = compiled.AggregateIndex(call.function->numerator, call);
        if (call.function->denominator) {
          const uint32_t denominator = compiled.AggregateIndex(*call.function->denominator, call);
          instruction = {OpCode::kPushRatio, numerator, denominator};
        } else {
          instruction = {OpCode::kPushAggregate, numerator, 0};
        }
        break;
      }
      case FormulaNodeKind::kNegate:
        instruction = {OpCode::kNegate, 0, 0};
        break;
      case FormulaNodeKind::kAdd:
        instruction = {OpCode::kAdd, 0, 0};
        break;
      case FormulaNodeKind::kSubtract:
        instruction = {OpCode::kSubtract, 0, 0};
        break;
      case FormulaNodeKind::kMultiply:
        instruction = {OpCode::kMultiply, 0, 0};
        break;
      case FormulaNodeKind::kDivide:
        instruction = {OpCode::kDivide, 0, 0};
        break;
    }
    compiled.code_.push_back(instruction);
    if (node.kind == FormulaNodeKind::kNumber || node.kind == FormulaNodeKind::kMetric ||
        node.kind == FormulaNodeKind::kFunction) {
      ++depth;
    } else if (IsBinary(node.kind)) {
      PAYBACK_ASSERT(depth >= 2);
      --depth;
    }
    compiled.max_stack_ = std::max(compiled.max_stack_, depth);
    if (formula_idx < tree.roots.size() && node_idx == tree.roots[formula_idx]) {
      PAYBACK_ASSERT(depth == 1);
      compiled.code_.push_back({OpCode::kStore, static_cast<uint32_t>(formula_idx), 0});
      depth = 0;
      ++formula_idx;
    }
  }
  PAYBACK_ASSERT(formula_idx == tree.roots.size() && depth == 0);
  return compiled;
}

uint32_t CompiledFormula::AggregateIndex(AggregateKind kind, const FormulaCall& call) {
  FormulaAggregate aggregate;
  aggregate.kind = kind;
  aggregate.event = call.event;
  // Only a property sum depends on the property: PROPAVG's TOTALS is TOTALS(event, filter).
  if (kind == AggregateKind::kPropSum) aggregate.property = call.property;
  if (call.filter) {
    aggregate.filter = call.filter;
    aggregate.filter_text = call.filter->ToString();
  }
  for (size_t aggregate_idx = 0; aggregate_idx < aggregates_.size(); ++aggregate_idx) {
    const FormulaAggregate& known = aggregates_[aggregate_idx];
    if (known.kind == aggregate.kind && known.event == aggregate.event &&
        known.property == aggregate.property && known.filter_text == aggregate.filter_text) {
      return static_cast<uint32_t>(aggregate_idx);
    }
  }
  aggregates_.push_back(std::move(aggregate));
  return static_cast<uint32_t>(aggregates_.size() - 1);
}

void CompiledFormula::Evaluate(const FormulaRow& row, std::span<FormulaValue> results) const {
  PAYBACK_ASSERT(results.size() >= formula_count());
  PAYBACK_ASSERT(row.metrics.size() >= metrics_needed_);
  PAYBACK_ASSERT(row.aggregates.size() >= aggregates_.size());
  // Small stacks first: the array is initialised on every call, and most formulas need a
  // handful of slots.
  if (max_stack_ <= kSmallStack) {
    std::array<FormulaValue, kSmallStack> stack;
    Run(row, stack.data(), results);
  } else if (max_stack_ <= kInlineStack) {
    std::array<FormulaValue, kInlineStack> stack;
    Run(row, stack.data(), results);
  } else {
    std::vector<FormulaValue> stack(max_stack_);
    Run(row, stack.data(), results);
  }
}

std::vector<FormulaValue> CompiledFormula::Evaluate(const FormulaRow& row) const {
  std::vector<FormulaValue> results(formula_count());
  Evaluate(row, results);
  return results;
}

void CompiledFormula::Run(const FormulaRow& row, FormulaValue* stack,
                          std::span<FormulaValue> results) const {
  // `top` is the number of values on the stack; Compile checked every pop has its operands.
  size_t top = 0;
  for (const Instruction& instruction : code_) {
    switch (instruction.op) {
      case OpCode::kPushNumber:
        stack[top++] = numbers_[instruction.a];
        break;
      case OpCode::kPushMetric:
        stack[top++] = row.metrics[instruction.a];
        break;
      case OpCode::kPushAggregate:
        stack[top++] = row.aggregates[instruction.a];
        break;
      case OpCode::kPushRatio:
        stack[top++] =
            FormulaValue::Divide(row.aggregates[instruction.a], row.aggregates[instruction.b]);
        break;
      case OpCode::kNegate:
        stack[top - 1] = FormulaValue::Negate(stack[top - 1]);
        break;
      case OpCode::kAdd:
        --top;
        stack[top - 1] = FormulaValue::Add(stack[top - 1], stack[top]);
        break;
      case OpCode::kSubtract:
        --top;
        stack[top - 1] = FormulaValue::Subtract(stack[top - 1], stack[top]);
        break;
      case OpCode::kMultiply:
        --top;
        stack[top - 1] = FormulaValue::Multiply(stack[top - 1], stack[top]);
        break;
      case OpCode::kDivide:
        --top;
        stack[top - 1] = FormulaValue::Divide(stack[top - 1], stack[top]);
        break;
      case OpCode::kStore:
        results[instruction.a] = stack[--top];
        break;
    }
  }
}

Status CompiledFormula::CheckProperties(
    const std::function<bool(std::string_view event, std::string_view property)>& is_numeric)
    const {
  for (const FormulaCall& call : ast_.calls) {
    if (!call.function->takes_property || is_numeric(call.event, call.property)) continue;
    ErrorLocation location;
    location.column = formula_chars::ColumnOf(text_, call.property_offset);
    return Status::InvalidInput(
        fmt::format("{} needs a numeric property: {} of event {} is not numeric",
                    call.function->name, QuoteForMessage(call.property),
                    QuoteForMessage(call.event)),
        std::move(location));
  }
  return Status::Ok();
}

std::string CompiledFormula::ToString() const {
  std::string out;
  for (size_t formula_idx = 0; formula_idx < ast_.roots.size(); ++formula_idx) {
    if (formula_idx > 0) out += "; ";
    AppendNode(ast_.roots[formula_idx], &out);
  }
  return out;
}

void CompiledFormula::AppendNode(uint32_t node_index, std::string* out) const {
  const FormulaNode& node = ast_.nodes[node_index];
  switch (node.kind) {
    case FormulaNodeKind::kNumber:
      out->append(FormatPico(ast_.numbers[node.operand]));
      return;
    case FormulaNodeKind::kMetric:
      out->append(metric_names_[node.operand]);
      return;
    case FormulaNodeKind::kFunction: {
      const FormulaCall& call = ast_.calls[node.operand];
      out->append(call.function->name);
      out->push_back('(');
      AppendName(call.event, out);
      if (call.function->takes_property) {
        out->append(", ");
        AppendName(call.property, out);
      }
      if (call.filter) {
        out->append(", ");
        // Always double-quoted: the canonical `where` text uses single quotes for literals.
        AppendDoubleQuoted(call.filter->ToString(), out);
      }
      out->push_back(')');
      return;
    }
    case FormulaNodeKind::kNegate: {
      out->push_back('-');
      const bool parens = IsBinary(ast_.nodes[node.lhs].kind);
      if (parens) out->push_back('(');
      AppendNode(node.lhs, out);
      if (parens) out->push_back(')');
      return;
    }
    default:
      break;
  }
  const int precedence = Precedence(node.kind);
  // Left-associative: the left operand needs parentheses only when it binds looser, the
  // right one also when it binds equally (`a - (b - c)`, and `a + (b + c)` to keep the tree).
  const bool left_parens = Precedence(ast_.nodes[node.lhs].kind) < precedence;
  const bool right_parens = Precedence(ast_.nodes[node.rhs].kind) <= precedence;
  if (left_parens) out->push_back('(');
  AppendNode(node.lhs, out);
  if (left_parens) out->push_back(')');
  switch (node.kind) {
    case FormulaNodeKind::kAdd:
      out->append(" + ");
      break;
    case FormulaNodeKind::kSubtract:
      out->append(" - ");
      break;
    case FormulaNodeKind::kMultiply:
      out->append(" * ");
      break;
    default:
      out->append(" / ");
      break;
  }
  if (right_parens) out->push_back('(');
  AppendNode(node.rhs, out);
  if (right_parens) out->push_back(')');
}

}  // namespace payback
