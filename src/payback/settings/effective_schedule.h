#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/common/time.h"
#include "payback/status.h"
#include "payback/types.h"

namespace payback {

/// The instant an effective-dated setting starts: its `from` date or timestamp read in the
/// workspace time zone (a date is that day's local midnight), or the beginning of time for
/// "" (always in force). kInvalidInput for text that is not a timestamp (the settings parser
/// has already refused such text, so only hand-built settings meet it).
inline Result<TimestampUs> EffectiveFrom(std::string_view from, const TimeZone& tz) {
  if (from.empty()) return std::numeric_limits<TimestampUs>::min();
  return ParseTimestamp(from, tz);
}

/// Values that each come into force at an instant and stay until the next one does
/// (metrics.md: "an event is valued with the setting in force at its own timestamp, so a
/// change never rewrites history"). Cheap to copy; const methods are thread-safe.
template <typename T>
class EffectiveSchedule {
 public:
  /// One candidate setting: in force from `from`; among the candidates in force at an
  /// instant, the greatest `specificity` wins, then the latest `from`.
  struct Candidate {
    TimestampUs from = std::numeric_limits<TimestampUs>::min();
    int specificity = 0;
    T value{};
  };

  EffectiveSchedule() = default;

  /// The schedule of `candidates` (any order): at every instant, the winning candidate in force.
  static EffectiveSchedule Resolve(const std::vector<Candidate>& candidates) {
    EffectiveSchedule schedule;
    std::vector<TimestampUs> starts;
    for (const Candidate& candidate : candidates) starts.push_back(candidate.from);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    for (const TimestampUs start : starts) {
      const Candidate* best = nullptr;
      for (const Candidate& candidate : candidates) {
        if (candidate.from > start) continue;
        if (best == nullptr || candidate.specificity > best->specificity ||
            (candidate.specificity == best->specificity && candidate.from > best->from)) {
          best = &candidate;
        }
      }
      schedule.changes_.emplace_back(start, best->value);
    }
    return schedule;
  }

  /// The value in force at `ts`, or nullptr before the first one starts (or when empty).
  const T* At(TimestampUs ts) const {
    if (changes_.empty() || ts < changes_.front().first) return nullptr;
    if (changes_.size() == 1) return &changes_.front().second;
    const auto after =
        std::upper_bound(changes_.begin(), changes_.end(), ts,
                         [](TimestampUs instant, const std::pair<TimestampUs, T>& change) {
                           return instant < change.first;
                         });
    return &std::prev(after)->second;
  }

  bool empty() const { return changes_.empty(); }
  /// (start, value) in time order: each value holds until the next start.
  const std::vector<std::pair<TimestampUs, T>>& changes() const { return changes_; }

 private:
  std::vector<std::pair<TimestampUs, T>> changes_;
};

}  // namespace payback
