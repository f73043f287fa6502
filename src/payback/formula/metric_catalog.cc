#include "payback/formula/metric_catalog.h"

#include <algorithm>
#include <utility>

#include "payback/common/text.h"
#include "payback/formula/formula_chars.h"
#include "payback/formula/function_registry.h"

namespace payback {

namespace {

using formula_chars::IsSpace;
using formula_chars::IsWordChar;
using formula_chars::ToLower;

// Whether `spelling` is words of word bytes separated by single spaces.
bool IsWellFormedSpelling(std::string_view spelling) {
  if (spelling.empty()) return false;
  for (const std::string_view word : SplitString(spelling, ' ')) {
    if (!formula_chars::IsBareWord(word)) return false;
  }
  return true;
}

// Case-insensitive match of lower-case `word` at byte `pos` of `text`, ending at a word
// boundary.
bool WordMatchesAt(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t idx = 0; idx < word.size(); ++idx) {
    if (ToLower(text[pos + idx]) != word[idx]) return false;
  }
  const size_t end = pos + word.size();
  return end == text.size() || !IsWordChar(text[end]);
}

size_t SkipSpaces(std::string_view text, size_t pos) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  return pos;
}

size_t SkipWord(std::string_view text, size_t pos) {
  while (pos < text.size() && IsWordChar(text[pos])) ++pos;
  return pos;
}

}  // namespace

Result<MetricCatalog> MetricCatalog::Create(std::vector<MetricDef> metrics) {
  MetricCatalog catalog;
  const FunctionRegistry& functions = FunctionRegistry::Instance();
  for (size_t metric_idx = 0; metric_idx < metrics.size(); ++metric_idx) {
    const MetricDef& def = metrics[metric_idx];
    // Display names first: when a name repeats a display name ("CTR", `ctr`), suggestions
    // show the display spelling.
    std::vector<std::string_view> spellings(def.display_names.begin(), def.display_names.end());
    spellings.push_back(def.name);
    for (const std::string_view spelling : spellings) {
      if (!IsWellFormedSpelling(spelling)) {
        return Status::InvalidInput("metric name " + QuoteForMessage(spelling) +
                                    " is not words of letters, digits, '_', '.' or '$' "
                                    "separated by single spaces");
      }
      if (functions.FindIgnoreCase(spelling) != nullptr) {
        return Status::InvalidInput("metric name " + QuoteForMessage(spelling) +
                                    " is the name of a formula function");
      }
      Spelling entry;
      entry.metric_index = metric_idx;
      entry.written = std::string(spelling);
      entry.text = ToLowerAscii(spelling);
      const auto duplicate =
          std::find_if(catalog.spellings_.begin(), catalog.spellings_.end(),
                       [&entry](const Spelling& other) { return other.text == entry.text; });
      if (duplicate != catalog.spellings_.end()) {
        // The same metric may list its name again as a display name ("CTR" for `ctr`).
        if (duplicate->metric_index == metric_idx) continue;
        return Status::InvalidInput("metric name " + QuoteForMessage(spelling) +
                                    " is used by two metrics");
      }
      for (const std::string_view word : SplitString(entry.text, ' ')) {
        entry.words.emplace_back(word);
      }
      catalog.spellings_.push_back(std::move(entry));
    }
  }
  catalog.metrics_ = std::move(metrics);
  return catalog;
}

std::string_view MetricCatalog::CanonicalName(size_t index) const {
  const MetricDef& def = metrics_[index];
  return def.display_names.empty() ? std::string_view(def.name) : def.display_names.front();
}

std::optional<size_t> MetricCatalog::FindByName(std::string_view name) const {
  for (size_t metric_idx = 0; metric_idx < metrics_.size(); ++metric_idx) {
    if (metrics_[metric_idx].name == name) return metric_idx;
  }
  return std::nullopt;
}

std::optional<MetricMatch> MetricCatalog::MatchLongest(std::string_view text, size_t pos) const {
  std::optional<MetricMatch> best;
  if (pos >= text.size()) return best;
  for (const Spelling& spelling : spellings_) {
    size_t cursor = pos;
    bool matched = true;
    for (size_t word_idx = 0; word_idx < spelling.words.size(); ++word_idx) {
      if (word_idx > 0) {
        // Words are separated by at least one white-space character.
        const size_t after_space = SkipSpaces(text, cursor);
        if (after_space == cursor) {
          matched = false;
          break;
        }
        cursor = after_space;
      }
      if (!WordMatchesAt(text, cursor, spelling.words[word_idx])) {
        matched = false;
        break;
      }
      cursor += spelling.words[word_idx].size();
    }
    if (matched && (!best || cursor > best->end)) best = MetricMatch{spelling.metric_index, cursor};
  }
  return best;
}

std::optional<MetricCatalog::Suggestion> MetricCatalog::Suggest(std::string_view text,
                                                                size_t pos) const {
  std::optional<Suggestion> best;
  size_t best_distance = 0;
  for (const Spelling& spelling : spellings_) {
    // The text's first N words (N = the spelling's word count), normalised to single spaces.
    std::string candidate;
    size_t cursor = pos;
    size_t end = pos;
    for (size_t word_idx = 0; word_idx < spelling.words.size(); ++word_idx) {
      if (word_idx > 0) {
        cursor = SkipSpaces(text, cursor);
        if (cursor >= text.size() || !IsWordChar(text[cursor])) break;
        candidate.push_back(' ');
      }
      const size_t word_end = SkipWord(text, cursor);
      candidate += ToLowerAscii(text.substr(cursor, word_end - cursor));
      cursor = word_end;
      end = word_end;
    }
    if (end == pos) continue;
    const size_t distance = EditDistance(candidate, spelling.text);
    if (distance > std::max<size_t>(2, spelling.text.size() / 3)) continue;
    if (!best || distance < best_distance) {
      best = Suggestion{spelling.written, end - pos};
      best_distance = distance;
    }
  }
  return best;
}

std::vector<MetricDef> DefaultMetricDefs() {
  return {
      {"sent", {"Sent"}, MetricKind::kCount},
      {"delivered", {"Delivered"}, MetricKind::kCount},
      {"viewed", {"Viewed"}, MetricKind::kCount},
      {"clicked", {"Clicked"}, MetricKind::kCount},
      {"delivered_messages", {"Delivered Messages"}, MetricKind::kCount},
      {"clicked_messages", {"Clicked Messages"}, MetricKind::kCount},
      {"ctr", {"CTR", "Click Through Rate"}, MetricKind::kRatio},
      {"conversions", {"Conversions"}, MetricKind::kCount},
      {"unique_conversions", {"Unique Conversions"}, MetricKind::kCount},
      {"converted_messages", {"Converted Messages"}, MetricKind::kCount},
      {"conversion_rate", {"Conversion Rate"}, MetricKind::kRatio},
      // The CleverTap seed writes revenue as "Total Conversions Revenue" in its KPI examples.
      {"revenue", {"Revenue", "Total Conversions Revenue"}, MetricKind::kMoney},
      // Costs and ROI (metrics.md, "Cost and ROI variants"); the call-center seed's words too.
      {"cost", {"Cost", "Total Cost"}, MetricKind::kMoney},
      {"net_return", {"Net Return", "Net ROI"}, MetricKind::kMoney},
      {"roi", {"ROI", "ROI Percentage"}, MetricKind::kRatio},
      {"roas", {"ROAS"}, MetricKind::kRatio},
      {"cpa", {"CPA", "Cost Per Acquisition"}, MetricKind::kMoney},
      {"aov", {"AOV"}, MetricKind::kMoney},
      // Bank product campaigns (metrics.md; docs/bank.md), in the seed's words too.
      {"reached_users", {"Reached Users", "Customers Reached"}, MetricKind::kCount},
      {"opened_users", {"Opened Users", "Customers Opened"}, MetricKind::kCount},
      {"open_rate", {"Open Rate"}, MetricKind::kRatio},
      {"products_per_reached", {"Products per Reached"}, MetricKind::kRatio},
      {"direct_conversions", {"Direct Sales"}, MetricKind::kCount},
      {"related_conversions", {"Related Sales"}, MetricKind::kCount},
      {"balance", {"Balance", "Total Balance"}, MetricKind::kMoney},
      {"profit", {"Profit", "Total Profit"}, MetricKind::kMoney},
      {"unvalued_conversions", {"Unvalued Conversions"}, MetricKind::kCount},
      {"profit_roi", {"Profit ROI"}, MetricKind::kRatio},
  };
}

}  // namespace payback
