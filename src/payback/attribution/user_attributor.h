#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "payback/attribution/conversion_rule.h"
#include "payback/store/event_store.h"

namespace payback {

/// One conversion event in the period that passed the definition's filter.
struct ConversionEvent {
  uint64_t row = 0;  ///< row in the store
  TimestampUs ts = 0;
  std::optional<Micros> value;
};

/// Walks one user's events in time order and attributes each of the user's conversions in
/// [from, to) to that user's candidate touches (metrics.md, "Attribution"): touches may lie
/// before `from`, the window is inclusive at both ends, ties are broken by byte order of
/// campaign and message ids. For every conversion it calls
///   sink.OnConversion(const ConversionEvent&, std::span<const Candidate>,
///                     std::span<const uint64_t> candidate_rows, std::span<const double> weights)
/// with empty spans for an unattributed conversion. Under `direct` the single candidate is
/// the conversion event itself (when it names a campaign). A campaign with its own
/// `influence_days` looks back over that window instead of the definition's; when the
/// definition `requires` an event, a touch counts only if the user has that event of the
/// touch's campaign at or before the conversion (the bank seed's "reached and opened").
/// One object per thread: it keeps scratch buffers between users.
class UserAttributor {
 public:
  explicit UserAttributor(const ConversionRule& rule) : rule_(rule) {}

  template <typename Sink>
  void Run(const EventStore& store, uint64_t begin, uint64_t end, TimestampUs from, TimestampUs to,
           Sink& sink) {
    const EventColumns& events = store.events;
    const bool direct = rule_.model().IsDirect();
    touch_rows_.clear();
    required_rows_.clear();
    required_campaigns_.clear();
    const bool requires_event = !direct && rule_.has_requirement();
    const bool campaign_windows = rule_.has_campaign_windows();
    if (!direct) {
      for (uint64_t row = begin; row < end; ++row) {
        if (events.campaign[row] == kNoCampaign) continue;
        if (rule_.IsTouchEvent(events.event[row])) touch_rows_.push_back(row);
        if (requires_event && rule_.IsRequiredEvent(events.event[row])) {
          required_rows_.push_back(row);
        }
      }
    }
    size_t window_begin = 0;  // first touch with ts >= conversion ts - longest window
    size_t window_end = 0;    // first touch with ts > conversion ts
    size_t required_end = 0;  // first required event with ts > conversion ts
    for (uint64_t row = begin; row < end; ++row) {
      const TimestampUs ts = events.ts[row];
      if (ts < from || ts >= to || !rule_.IsConversionEvent(events.event[row])) continue;
      if (!rule_.PassesFilter(store, row)) continue;
      const ConversionEvent conversion{row, ts, rule_.Value(store, row)};
      candidates_.clear();
      candidate_rows_.clear();
      if (direct) {
        if (events.campaign[row] != kNoCampaign) {
          candidates_.push_back(Candidate{ts, events.campaign[row], events.message[row]});
          candidate_rows_.push_back(row);
        }
      } else {
        // Conversions come in time order, so both window edges only move forward.
        const TimestampUs earliest = ts - rule_.max_window_us();
        while (window_begin < touch_rows_.size() &&
               events.ts[touch_rows_[window_begin]] < earliest) {
          ++window_begin;
        }
        if (window_end < window_begin) window_end = window_begin;
        while (window_end < touch_rows_.size() && events.ts[touch_rows_[window_end]] <= ts) {
          ++window_end;
        }
        if (requires_event) {
          bool added = false;
          while (required_end < required_rows_.size() &&
                 events.ts[required_rows_[required_end]] <= ts) {
            required_campaigns_.push_back(events.campaign[required_rows_[required_end++]]);
            added = true;
          }
          if (added) SortUnique(required_campaigns_);
        }
        for (size_t touch = window_begin; touch < window_end; ++touch) {
          const uint64_t touch_row = touch_rows_[touch];
          const CampaignId campaign = events.campaign[touch_row];
          if (campaign_windows && events.ts[touch_row] < ts - rule_.window_us(campaign)) continue;
          if (requires_event && !std::binary_search(required_campaigns_.begin(),
                                                    required_campaigns_.end(), campaign)) {
            continue;
          }
          candidate_rows_.push_back(touch_row);
        }
        SortCanonically(events);
        for (const uint64_t touch_row : candidate_rows_) {
          candidates_.push_back(Candidate{events.ts[touch_row], events.campaign[touch_row],
                                          events.message[touch_row]});
        }
      }
      weights_.assign(candidates_.size(), 0.0);
      if (!candidates_.empty()) {
        if (direct) {
          weights_[0] = 1.0;
        } else {
          rule_.model().Assign(ts, candidates_, weights_);
        }
      }
      sink.OnConversion(conversion, std::span<const Candidate>(candidates_),
                        std::span<const uint64_t>(candidate_rows_),
                        std::span<const double>(weights_));
    }
  }

 private:
  /// Orders candidate rows by (ts, campaign bytes, message bytes): the canonical order the
  /// models rely on. Rows are already in ts order; only equal-ts runs need the tie-break.
  void SortCanonically(const EventColumns& events) {
    const auto& campaign_rank = rule_.campaign_rank();
    const auto& message_rank = rule_.message_rank();
    std::stable_sort(
        candidate_rows_.begin(), candidate_rows_.end(), [&](uint64_t left, uint64_t right) {
          if (events.ts[left] != events.ts[right]) return events.ts[left] < events.ts[right];
          const uint32_t left_campaign = campaign_rank[events.campaign[left]];
          const uint32_t right_campaign = campaign_rank[events.campaign[right]];
          if (left_campaign != right_campaign) return left_campaign < right_campaign;
          return message_rank[events.message[left]] < message_rank[events.message[right]];
        });
  }

  static void SortUnique(std::vector<CampaignId>& campaigns) {
    std::sort(campaigns.begin(), campaigns.end());
    campaigns.erase(std::unique(campaigns.begin(), campaigns.end()), campaigns.end());
  }

  const ConversionRule& rule_;
  std::vector<uint64_t> touch_rows_;
  std::vector<uint64_t> required_rows_;         ///< rows of the required event, in time order
  std::vector<CampaignId> required_campaigns_;  ///< campaigns required so far (sorted, unique)
  std::vector<uint64_t> candidate_rows_;
  std::vector<Candidate> candidates_;
  std::vector<double> weights_;
};

}  // namespace payback
