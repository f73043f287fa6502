#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "payback/snapshot.h"
#include "payback/store/event_store.h"

namespace payback {

/// The accounts' month-end snapshots, found by (account, month): the balance and profit of a
/// bank conversion are those of the account it opened, at the end of the month in which it was
/// opened (metrics.md, "Bank product campaigns"; docs/bank.md). Points into the snapshots it
/// was built from, which must outlive it. Immutable; thread-safe.
class SnapshotValuation {
 public:
  /// The conversion property that names the account a product opened.
  static constexpr std::string_view kAccountProperty = "account_id";

  /// Indexes `snapshots` (any order; one per (account_id, month), as the catalog keeps them).
  SnapshotValuation(const std::vector<AccountSnapshot>& snapshots, const EventStore& store);

  /// True when the workspace has no snapshot at all: balance and profit are then null (no
  /// valuation was asked for), not zero.
  bool empty() const { return by_account_month_.empty(); }

  /// The snapshot of `account_id` for `month` (months since January 1970), or nullptr.
  const AccountSnapshot* Find(std::string_view account_id, int32_t month) const;

  /// The snapshot for the conversion event at `row` opened in `month`: its `account_id`
  /// property (text, or a number written as FormatFixed6 does) looked up with Find; nullptr when
  /// the event names no account or that account has no snapshot for the month. `scratch` is
  /// the caller's (one per thread).
  const AccountSnapshot* At(const EventStore& store, uint64_t row, int32_t month,
                            std::string& scratch) const;

 private:
  std::vector<const AccountSnapshot*> by_account_month_;  ///< sorted by (account_id, month)
  uint32_t account_key_ = UINT32_MAX;                     ///< property-key code, or none
};

}  // namespace payback
