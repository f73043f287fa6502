#include "payback/engine/formula_property_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "payback/common/text.h"

namespace payback {
namespace {

enum class PropertyEvidence { kNumeric, kTextOnly, kAbsent };

PropertyEvidence EvidenceOf(const EventStore& store, const EventAliases& aliases,
                            std::string_view event, std::string_view property) {
  const std::optional<uint32_t> key = FindPropertyKey(store, property);
  if (!key || *key >= store.events.properties.size()) return PropertyEvidence::kAbsent;
  const PropertyColumn& column = store.events.properties[*key];
  const std::vector<uint8_t> matches =
      MatchEventNames(store.dictionaries.event_names, aliases, event);
  bool held = false;
  for (uint64_t row = 0; row < store.events.size(); ++row) {
    if (!matches[store.events.event[row]]) continue;
    const bool has_number = !column.numbers.empty() && column.numbers[row] != kNullNumber;
    const bool has_text = !column.strings.empty() && column.strings[row] != kNullString;
    if (!has_number && !has_text) continue;
    held = true;
    if (NumericPropertyAt(store, *key, row)) return PropertyEvidence::kNumeric;
  }
  return held ? PropertyEvidence::kTextOnly : PropertyEvidence::kAbsent;
}

}  // namespace

bool HasPropertyFunctions(const CompiledFormula& formula) {
  return std::any_of(
      formula.aggregates().begin(), formula.aggregates().end(),
      [](const FormulaAggregate& aggregate) { return aggregate.kind == AggregateKind::kPropSum; });
}

Status CheckFormulaProperties(const CompiledFormula& formula, const EventStore& store,
                              const EventAliases& aliases, std::vector<std::string>& notes) {
  return formula.CheckProperties([&](std::string_view event, std::string_view property) {
    switch (EvidenceOf(store, aliases, event, property)) {
      case PropertyEvidence::kNumeric:
        return true;
      case PropertyEvidence::kTextOnly:
        return false;
      case PropertyEvidence::kAbsent: {
        std::string note =
            fmt::format("no {} event holds property {} yet: its sum is 0 until one does",
                        QuoteForMessage(event), QuoteForMessage(property));
        if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
        return true;
      }
    }
    return true;
  });
}

}  // namespace payback
