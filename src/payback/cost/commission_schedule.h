#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "payback/settings.h"
#include "payback/settings/effective_schedule.h"
#include "payback/store/event_store.h"

namespace payback {

/// Commission on credited sales (docs/costs.md, "commission"): per campaign, the commission
/// line in force at the conversion's timestamp (a campaign's own line beats a line for the
/// conversion definition, which beats a global one), either a flat amount per sale or a share
/// of the sale's revenue. Lines for another conversion definition do not apply. Resolved once
/// per report; immutable and thread-safe afterwards.
class CommissionSchedule {
 public:
  /// For reports on the conversion definition `conversion`. kInvalidInput when a line's
  /// `from` is not a timestamp in `tz`.
  static Result<CommissionSchedule> Resolve(const std::vector<CostLine>& lines,
                                            std::string_view conversion, const EventStore& store,
                                            const TimeZone& tz);

  bool empty() const { return empty_; }

  /// The commission on a credit of `weight` of a sale at `ts` to `campaign` (a store code, or
  /// kNoCampaign), whose credited revenue is `credited_revenue_pico`: a flat amount x weight,
  /// or share x credited revenue; 1e-12 units, rounded once.
  __int128 CreditPico(CampaignId campaign, TimestampUs ts, double weight,
                      __int128 credited_revenue_pico) const;

 private:
  /// A line's rate: a flat amount per sale, or a share of revenue when share_ppm is set.
  struct Rate {
    Micros amount = 0;
    std::optional<int64_t> share_ppm;
  };
  using Schedule = EffectiveSchedule<Rate>;
  bool empty_ = true;
  std::vector<Schedule> by_campaign_;  ///< per campaign code, then one for "no campaign"
};

}  // namespace payback
