#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "payback/snapshot.h"
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
/// reached, opened and credited campaigns, and each attributed conversion with its credits. The
/// scan fills it once; Tiles() answers any selection from it, so a filter change over the same
/// period, conversion, model and settings needs no new scan (ReportScanCache).
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
  /// any_touch). `valued`: the workspace has account snapshots (bank valuation).
  SelectionFacts(bool splits_one_credit, bool valued)
      : splits_one_credit_(splits_one_credit), valued_(valued) {}

  /// A user's distinct campaigns of each kind (any order, no repeats); empty lists are skipped.
  void AddUser(const std::vector<uint64_t>& reached, const std::vector<uint64_t>& opened,
               const std::vector<uint64_t>& credited);
  /// An attributed conversion: its credits, its value, its local day (read only when it has a
  /// value: the tiles' revenue by day) and its account snapshot (nullptr when none; the pointer
  /// must outlive the facts).
  void AddConversion(const std::vector<Credit>& credits, std::optional<Micros> value, int32_t day,
                     const AccountSnapshot* snapshot);
  /// Appends `other`'s facts (another thread's part of the same scan).
  void Append(SelectionFacts&& other);

  /// The selection-dependent tiles for `selected` (by campaign code, non-zero = selected).
  SelectionTiles Tiles(const std::vector<uint8_t>& selected) const;

  /// Bytes held (for the cache's budget).
  size_t MemoryBytes() const;

 private:
  struct Conversion {
    std::optional<Micros> value;
    int32_t day = 0;
    uint32_t first_credit = 0;
    uint32_t credit_count = 0;
    const AccountSnapshot* snapshot = nullptr;
  };
  static constexpr uint32_t kEndOfUser = UINT32_MAX;
  /// Per-user lists of distinct campaigns, each ended by kEndOfUser, and how many there are.
  struct Groups {
    std::vector<uint32_t> campaigns;
    int64_t users = 0;

    void Add(const std::vector<uint64_t>& user_campaigns);
    void Append(Groups&& other);
    /// The users whose list holds a selected campaign (all of them when all are selected).
    int64_t Selected(const std::vector<uint8_t>& selected, bool all_selected) const;
  };

  bool splits_one_credit_;
  bool valued_;
  Groups reached_;
  Groups opened_;
  Groups credited_;
  std::vector<Conversion> conversions_;
  std::vector<Credit> credits_;
};

}  // namespace payback
