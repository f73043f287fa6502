#include "payback/valuation/snapshot_valuation.h"

#include <algorithm>
#include <tuple>

namespace payback {

SnapshotValuation::SnapshotValuation(const std::vector<AccountSnapshot>& snapshots,
                                     const EventStore& store) {
  by_account_month_.reserve(snapshots.size());
  for (const AccountSnapshot& snapshot : snapshots) by_account_month_.push_back(&snapshot);
  std::sort(by_account_month_.begin(), by_account_month_.end(),
            [](const AccountSnapshot* left, const AccountSnapshot* right) {
              return std::tie(left->account_id, left->month) <
                     std::tie(right->account_id, right->month);
            });
  account_key_ = FindPropertyKey(store, kAccountProperty).value_or(UINT32_MAX);
}

const AccountSnapshot* SnapshotValuation::Find(std::string_view account_id, int32_t month) const {
  const auto found = std::lower_bound(
      by_account_month_.begin(), by_account_month_.end(), std::make_pair(account_id, month),
      [](const AccountSnapshot* snapshot, const std::pair<std::string_view, int32_t>& key) {
        const std::string_view account(snapshot->account_id);
        return account != key.first ? account < key.first : snapshot->month < key.second;
      });
  if (found == by_account_month_.end() || (*found)->account_id != account_id ||
      (*found)->month != month) {
    return nullptr;
  }
  return *found;
}

const AccountSnapshot* SnapshotValuation::At(const EventStore& store, uint64_t row, int32_t month,
                                             std::string& scratch) const {
  if (account_key_ == UINT32_MAX) return nullptr;
  const std::optional<std::string_view> account = PropertyTextAt(store, account_key_, row, scratch);
  if (!account) return nullptr;
  return Find(*account, month);
}

}  // namespace payback
