#pragma once

#include <cstdint>
#include <string>

#include "payback/types.h"

namespace payback {

/// One account's month-end figures, as ingested from a snapshots file (data.md, "Other
/// inputs"; `payback ingest -w DIR snapshots FILE`): the bank seed's balance and profit of an
/// account at the end of a calendar month. A conversion (a product opened) is valued with the
/// snapshot of its account for the month in which it was opened (metrics.md, "Bank product
/// campaigns"). Identity: (account_id, month); ingesting the same identity again replaces it.
/// Closed accounts simply keep their snapshots.
struct AccountSnapshot {
  std::string account_id;  ///< non-empty
  /// The calendar month, as months since January 1970 (0 = 1970-01, 674 = 2026-03):
  /// year * 12 + (month - 1) - 1970 * 12. FormatMonth prints it as YYYY-MM.
  int32_t month = 0;
  Micros balance = 0;  ///< may be negative (an overdrawn or a loan account)
  Micros profit = 0;   ///< may be negative (a loss)

  bool operator==(const AccountSnapshot&) const = default;
};

}  // namespace payback
