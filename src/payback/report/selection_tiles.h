#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "payback/common/block_vector.h"
#include "payback/report/credit_sums.h"
#include "payback/report/distinct_by_day.h"
#include "payback/report/local_days.h"
#include "payback/snapshot.h"
#include "payback/status.h"
#include "payback/types.h"

namespace payback {

/// The tiles of a report that depend on which campaigns the filter selects (metrics.md,
/// "Tiles"): users counted once however many selected campaigns reached, opened or credited
/// them, and under any_touch a conversion shared by selected campaigns counted once.
struct SelectionTiles {
  int64_t unique_conversions = 0;  ///< users credited by a selected campaign
  int64_t reached_users = 0;       ///< users a selected campaign delivered to
  int64_t opened_users = 0;        ///< users who viewed a selected campaign
  double conversions = 0;
  __int128 revenue_pico = 0;
  __int128 commission_pico = 0;
  double direct_conversions = 0;
  double related_conversions = 0;
  __int128 balance_pico = 0;
  __int128 profit_pico = 0;
  double unvalued_conversions = 0;
  /// The tiles' revenue by the local day of the conversion (Report::tile_revenue_by_day).
  std::map<int32_t, __int128> revenue_by_day;
};

/// What a report's scan records for SelectionTiles, whatever the filter: each user's distinct
/// reached, opened and credited (campaign, day) pairs, and each attributed conversion with its
/// credits and day. The scan fills it once; Tiles() answers any selection and any range of the
/// scan's days from it, so a filter or period change over the same conversion, model and
/// settings needs no new scan (ReportScanCache). The users of the whole workspace are also
/// counted by day (DistinctByDay), and so are the conversion tiles of every campaign when the
/// conversions are kept, so an unfiltered report of any range of days needs no walk over the
/// users or the conversions.
class SelectionFacts {
 public:
  /// One campaign's credit for one conversion (weight > 0), valued as the report values it.
  struct Credit {
    CampaignId campaign = 0;
    bool promotes_any = false;  ///< the campaign promotes products (bank)
    bool direct = false;        ///< ... and this conversion's product is one of them
    double weight = 0;
    __int128 revenue_pico = 0;
    __int128 commission_pico = 0;
    __int128 balance_pico = 0;  ///< weight x the account's snapshot (0 without one)
    __int128 profit_pico = 0;
  };

  /// `splits_one_credit`: the model shares one credit among the candidates (every model but
  /// any_touch). `valued`: the workspace has account snapshots (bank valuation). `commissions`:
  /// the settings pay commissions on credited sales (without them or snapshots, a credit's
  /// commission, balance and profit are zero and are not kept). `days`: the scan's day indexes
  /// (LocalDays::count(), at most 65,536). `campaigns`: the campaign codes; days x campaigns
  /// must stay below 2^31. `conversions`: keep the attributed conversions for the conversion
  /// tiles; without them AddConversion keeps nothing and Tiles() gives the user tiles only (a
  /// scan by day under a model that splits one credit sums the others from its cube, where they
  /// are sums of the selected rows).
  SelectionFacts(bool splits_one_credit, bool valued, bool commissions, uint32_t days,
                 uint32_t campaigns, bool conversions);

  /// A user's (campaign, day) pairs of each kind, sorted, without repeats (KeyDay::key is the
  /// campaign); empty lists are skipped.
  void AddUser(std::span<const KeyDay> reached, std::span<const KeyDay> opened,
               std::span<const KeyDay> credited);
  /// An attributed conversion: its credits, its value, its local day (days since 1970-01-01;
  /// read only when it has a value: the tiles' revenue by day), its day index in the scan and
  /// its account snapshot (nullptr when none; the pointer must outlive the facts).
  void AddConversion(const std::vector<Credit>& credits, std::optional<Micros> value,
                     int32_t local_day, uint32_t day, const AccountSnapshot* snapshot);
  /// Appends `other`'s facts (another thread's part of the same scan).
  void Append(SelectionFacts&& other);
  /// Makes the facts queryable; call once, after the last Append.
  void Finish();

  /// The selection-dependent tiles for `selected` (by campaign code, non-zero = selected) over
  /// the days `range` (nullopt: none); `whole`: the range is every day of the scan. The
  /// conversion tiles only when records_conversions().
  SelectionTiles Tiles(const std::vector<uint8_t>& selected, std::optional<DayRange> range,
                       bool whole) const;
  /// Whether the facts keep the conversions (the constructor's `conversions`).
  bool records_conversions() const { return records_conversions_; }
  /// Whether Tiles() can answer `selected`: facts loaded by LoadSummaryFrom keep only what
  /// the selection of every campaign needs (the users and the conversion tiles by day).
  bool Answers(const std::vector<uint8_t>& selected) const;
  /// Whether Tiles() can answer any selection (each user's pairs are kept).
  bool AnswersEverySelection() const { return keeps_pairs_; }

  /// Adds what the tiles of every campaign need (the users by day, how many users, the
  /// conversion tiles by day) to `writer` as blobs `prefix`.* (ReportScanFile), not each
  /// user's pairs nor the conversions; they point into these facts, which must outlive the
  /// write. Requires finished facts.
  void SaveSummaryTo(SegmentWriter& writer, const std::string& prefix) const;
  /// Facts that answer the selection of every campaign (Answers), as SaveSummaryTo saved them;
  /// kCorruption when the blobs do not fit together.
  static Result<SelectionFacts> LoadSummaryFrom(const SegmentReader& reader,
                                                const std::string& prefix);

  /// Bytes held (for the cache's budget).
  size_t MemoryBytes() const;

 private:
  struct Conversion {
    std::optional<Micros> value;
    int32_t local_day = 0;
    uint32_t day = 0;
    uint32_t first_credit = 0;  ///< into its part's credits
    uint32_t credit_count = 0;
    const AccountSnapshot* snapshot = nullptr;
  };
  /// A credit as kept: what every report needs (32 bytes)...
  struct StoredCredit {
    CampaignId campaign = 0;
    bool promotes_any = false;
    bool direct = false;
    double weight = 0;
    __int128 revenue_pico = 0;
  };
  /// ... and, beside it when the workspace has commissions or snapshots, the rest.
  struct CreditMoney {
    __int128 commission_pico = 0;
    __int128 balance_pico = 0;
    __int128 profit_pico = 0;
  };
  /// One thread's conversions: Append moves parts, so that merging copies nothing.
  struct ConversionPart {
    BlockVector<Conversion> conversions;
    BlockVector<StoredCredit> credits;
    BlockVector<CreditMoney> money;       ///< beside credits when keeps_money_
    int32_t first_local_day = INT32_MAX;  ///< of its conversions
    int32_t last_local_day = INT32_MIN;
  };
  /// Per-user lists of distinct (campaign, day) pairs, each packed in 4 bytes as its cell
  /// (campaign x days + day) and the last marked kLastOfUser, in parts (one a thread: Append
  /// moves them, and a selection walks them in parallel), how many users have one, and the
  /// users by day over every campaign.
  struct Groups {
    /// Requires day_count x campaign_count < kLastOfUser (a scan by day has at most
    /// kMaxCubeCells cells; a scan of one period, one day).
    Groups(uint32_t day_count, uint32_t campaign_count);

    uint32_t days;
    uint32_t campaigns;
    int64_t users = 0;
    DistinctByDay by_day;                      ///< one row: the users of any campaign
    std::vector<BlockVector<uint32_t>> parts;  ///< the packed pairs
    std::vector<KeyDay> scratch;               ///< the user's days (key 0)

    void Add(std::span<const KeyDay> pairs);
    void Append(Groups&& other);
    /// The users with a pair of a selected campaign in `range`.
    int64_t Selected(const std::vector<uint8_t>& selected, bool all_selected, DayRange range,
                     bool whole) const;
  };

  /// The flags and sizes of saved facts.
  struct Summary {
    uint32_t splits_one_credit;
    uint32_t valued;
    uint32_t keeps_money;
    uint32_t days;
    uint32_t campaigns;
    uint32_t records_conversions;
    int64_t reached_users;
    int64_t opened_users;
    int64_t credited_users;
  };

  /// The revenue of the selection of every campaign on one local day of one scan day.
  struct DayRevenue {
    uint32_t day = 0;       ///< the scan's day index
    int32_t local_day = 0;  ///< days since 1970-01-01
    int64_t padding = 0;    ///< saved as bytes: no undefined padding
    __int128 revenue_pico = 0;
  };
  /// Adds to `sums` what `conversion` of `part` gives the conversion tiles of the campaigns
  /// that `is_selected(campaign)` selects (metrics.md, "Tiles").
  template <typename IsSelected>
  void AddConversionTiles(const ConversionPart& part, const Conversion& conversion,
                          IsSelected is_selected, CreditSums& sums) const;
  /// Sums the conversion tiles of every campaign by day (Finish, with the conversions).
  void SumEverySelectedByDay();

  bool splits_one_credit_;
  bool valued_;
  bool keeps_money_;
  bool records_conversions_;
  /// Each user's pairs are kept (false in facts loaded by LoadSummaryFrom).
  bool keeps_pairs_ = true;
  Groups reached_;
  Groups opened_;
  Groups credited_;
  std::vector<ConversionPart> conversion_parts_;  ///< the last one is filled
  /// With the conversions, after Finish: the conversion tiles of every campaign by scan day
  /// (`count` unused), and their revenue by (scan day, local day), sorted.
  std::vector<CreditSums> every_selected_by_day_;
  std::vector<DayRevenue> every_selected_revenue_;
};

}  // namespace payback
