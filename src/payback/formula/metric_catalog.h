#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "payback/status.h"

namespace payback {

/// What a metric's value measures. The formula language treats every kind alike (numbers);
/// the engine uses the kind to build the exact value it feeds to a formula (formula_value.h).
enum class MetricKind : uint8_t {
  kCount,  ///< an integral count, or a sum of credit weights (`conversions`)
  kRatio,  ///< a fraction computed in double (`ctr`)
  kMoney,  ///< an exact amount of the reporting currency (`revenue`, `cost`)
};

/// One metric a report row carries, as formulas may name it.
struct MetricDef {
  std::string name;                        ///< metrics.md name: `unique_conversions`
  std::vector<std::string> display_names;  ///< `Unique Conversions`; the first one is canonical
  MetricKind kind = MetricKind::kCount;
};

/// Where a metric name was found in a formula text: the metric and the byte just past it.
struct MetricMatch {
  size_t metric_index = 0;
  size_t end = 0;
};

/// The metrics a formula may reference, with every spelling of each. Formulas refer to a
/// metric by its index in this table; the engine supplies values in the same order.
///
/// Names are matched case-insensitively (ASCII), word by word: a multi-word display name
/// (`Unique Conversions`) matches its words separated by one or more white-space characters.
/// Immutable after Create; all methods are const and thread-safe.
class MetricCatalog {
 public:
  /// Builds a catalogue. Fails with InvalidInput when a name or display name is empty, is not
  /// words of letters, digits, `_`, `.`, `$` (not starting with a digit) separated by single
  /// spaces, is spelled twice (case-insensitively, across all metrics), or is the name of a
  /// formula function (`totals`, `Average`: functions are reserved words). Metric indices are
  /// the positions in `metrics`.
  static Result<MetricCatalog> Create(std::vector<MetricDef> metrics);

  size_t size() const { return metrics_.size(); }
  /// Requires index < size().
  const MetricDef& metric(size_t index) const { return metrics_[index]; }
  /// The spelling ToString uses: the first display name, else the metric name.
  std::string_view CanonicalName(size_t index) const;
  /// The index of the metric whose `name` is exactly `name` (case-sensitive), if any.
  std::optional<size_t> FindByName(std::string_view name) const;

  /// The longest spelling of any metric that starts at byte `pos` of `text` and ends at a word
  /// boundary (the next byte is not a word character); nullopt when none does.
  std::optional<MetricMatch> MatchLongest(std::string_view text, size_t pos) const;

  /// The spelling closest to the words starting at byte `pos` of `text` (each spelling is
  /// compared with as many words of the text as it has), for "did you mean" messages: the
  /// spelling and the byte length of text it was compared with; nullopt when nothing is close
  /// (edit distance above max(2, length / 3)).
  struct Suggestion {
    std::string spelling;
    size_t length = 0;
  };
  std::optional<Suggestion> Suggest(std::string_view text, size_t pos) const;

 private:
  /// One spelling, as written and lower-cased, split into words.
  struct Spelling {
    size_t metric_index = 0;
    std::string written;
    std::string text;
    std::vector<std::string> words;
  };

  MetricCatalog() = default;

  std::vector<MetricDef> metrics_;
  std::vector<Spelling> spellings_;
};

/// The per-campaign metrics of metrics.md (sent ... revenue) with their display names, in the
/// order of that table. The engine appends cost/ROI metrics as they arrive. Thread-safe.
std::vector<MetricDef> DefaultMetricDefs();

}  // namespace payback
