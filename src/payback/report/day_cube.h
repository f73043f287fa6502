#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "payback/report.h"
#include "payback/report/credit_sums.h"
#include "payback/report/distinct_by_day.h"
#include "payback/report/local_days.h"
#include "payback/report/selection_tiles.h"
#include "payback/types.h"

namespace payback {

/// The per-campaign metrics of a scan by local day (architecture.md's cube): the counts and
/// sums of every (campaign, day), the exact distinct sets as DistinctByDay, and the workspace's
/// own unattributed conversions and costs by day. Sum() gives the metrics of any range of days
/// without a new scan: a scan over all time answers every period that starts and ends at local
/// midnights. A scan of one arbitrary period records it as a single day.
///
/// Filled by one thread, merged (Merge), then Finish() once; Sum() after Finish() is
/// thread-safe.
class DayCube {
 public:
  /// The engagement counts of one (campaign, day): touched for every event, so kept small.
  struct Engagements {
    int64_t events = 0;  ///< any event of the campaign (the row is active)
    int64_t sent = 0;
    int64_t delivered = 0;
    int64_t viewed = 0;
    int64_t clicked = 0;

    void Add(const Engagements& other);
  };
  /// The credits of the conversions of one day to one campaign.
  using Credits = CreditSums;
  static __int128 WeightFixed(double weight) { return CreditSums::WeightFixed(weight); }
  static constexpr __int128 kWeightOne = CreditSums::kWeightOne;
  static double WeightOf(__int128 fixed) { return CreditSums::WeightOf(fixed); }

  /// The distinct counts of metrics.md, each a DistinctByDay with one row per campaign.
  enum class Distinct : uint8_t {
    kDeliveredMessages,
    kClickedMessages,
    kConvertedMessages,
    kUniqueConversions,
    kReachedUsers,
    kOpenedUsers,
  };
  static constexpr size_t kDistinctCount = 6;

  /// The cube of `campaigns` campaigns over `days` days; `charges_events`: the settings charge
  /// costs per event (message, carrier, call costs), which then take a cost cell each.
  DayCube(uint32_t campaigns, uint32_t days, bool charges_events);

  Engagements& EngagementsAt(CampaignId campaign, uint32_t day) {
    return engagements_[Cell(campaign, day)];
  }
  Credits& CreditsAt(CampaignId campaign, uint32_t day) { return credits_[Cell(campaign, day)]; }
  /// Requires charges_events.
  CostBreakdown& EventCostAt(CampaignId campaign, uint32_t day) {
    return event_costs_[Cell(campaign, day)];
  }
  /// Costs of events that name no campaign (the workspace's).
  CostBreakdown& WorkspaceCostAt(uint32_t day) { return workspace_costs_[day]; }
  void AddUnattributed(uint32_t day) { ++unattributed_[day]; }
  DistinctByDay& distinct(Distinct which) { return distinct_[static_cast<size_t>(which)]; }

  /// Adds `other` (same campaigns and days; another thread's part of the same scan).
  void Merge(DayCube&& other);
  /// Makes the cube queryable; call once, after the last Merge.
  void Finish();

  /// The metrics of a range of days.
  struct Totals {
    std::vector<MetricValues> campaigns;  ///< by campaign code
    std::vector<uint8_t> active;          ///< the campaign has an event or a credit
    int64_t unattributed = 0;
    CostBreakdown workspace_cost;
  };
  /// Every campaign's metrics over `range` (nullopt: no day, all zero).
  Totals Sum(std::optional<DayRange> range) const;

  /// Adds to `tiles` the credit sums of the `selected` campaigns (by code, non-zero = selected)
  /// over `range` (conversions, revenue and its days, commission, direct and related sales,
  /// balance, profit, unvalued): the tiles of a model that splits one credit, where each is the
  /// sum of the selected rows. `days` are this cube's days (by_day()).
  void AddCreditTiles(const std::vector<uint8_t>& selected, std::optional<DayRange> range,
                      const LocalDays& days, SelectionTiles& tiles) const;

  uint32_t campaigns() const { return campaigns_; }
  uint32_t days() const { return days_; }
  /// Bytes held.
  size_t MemoryBytes() const;

  /// Adds the finished cube to `writer` as blobs `prefix`.* (ReportScanFile); they point into
  /// this cube, which must outlive the write.
  void SaveTo(SegmentWriter& writer, const std::string& prefix) const;
  /// The finished cube SaveTo saved; kCorruption when the blobs do not fit together.
  static Result<DayCube> LoadFrom(const SegmentReader& reader, const std::string& prefix);

 private:
  /// The shape of a saved cube.
  struct Shape {
    uint32_t campaigns;
    uint32_t days;
    uint32_t charges_events;
  };
  DayCube() = default;

  size_t Cell(CampaignId campaign, uint32_t day) const {
    return static_cast<size_t>(campaign) * days_ + day;
  }

  uint32_t campaigns_ = 0;
  uint32_t days_ = 0;
  std::vector<Engagements> engagements_;        ///< by Cell
  std::vector<Credits> credits_;                ///< by Cell
  std::vector<CostBreakdown> event_costs_;      ///< by Cell; empty unless events are charged
  std::vector<CostBreakdown> workspace_costs_;  ///< by day
  std::vector<int64_t> unattributed_;           ///< by day
  std::vector<DistinctByDay> distinct_;         ///< by Distinct
};

}  // namespace payback
