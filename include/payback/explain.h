#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payback/types.h"

namespace payback {

/// `payback explain` request: one user's conversions under one definition and model.
struct ExplainRequest {
  std::string user_id;
  std::string conversion;  ///< "" = the first definition
  std::string model;       ///< "" = the definition's model
  std::optional<TimestampUs> from;
  std::optional<TimestampUs> to;
};

/// Which window a touch was held to (metrics.md, "Attribution" and "Bank product campaigns").
enum class WindowSource {
  kNone,        ///< `direct`: the conversion names its own campaign, nothing is looked up
  kDefinition,  ///< the conversion definition's `window`
  kCampaign,    ///< the campaign's own `influence_days`, which replaces the definition's window
};

/// What a campaign's credit for a bank conversion is (docs/bank.md, "Direct and related sales").
enum class SaleType {
  kNone,     ///< the campaign promotes no product
  kDirect,   ///< the conversion's `product` is one of the campaign's `promoted_products`
  kRelated,  ///< the campaign promotes other products
};

/// Why a touch of the user did not become a candidate of a conversion.
enum class ExclusionReason {
  kOutsideInfluencePeriod,   ///< older than its campaign's own `influence_days`
  kOutsideDefinitionWindow,  ///< older than the definition's window (a longer one let it in)
  kNotReached,  ///< `requires`: its campaign had no required event for the user by then
};

/// One candidate touch of a conversion and the credit it received.
struct ExplainedTouch {
  TimestampUs ts = 0;
  std::string event;  ///< the event name as ingested
  std::string campaign_id;
  std::string message_id;
  double weight = 0;
  /// weight x the conversion's value, in 1e-12 of the currency; nullopt without a value.
  std::optional<__int128> revenue_pico;
  /// The window the touch was held to, seconds, and where it came from; nullopt (kNone) under
  /// `direct`.
  std::optional<int64_t> window_s;
  WindowSource window_from = WindowSource::kDefinition;
  /// With `requires` (not under `direct`): the user's first required event of the touch's
  /// campaign, at or before the conversion.
  std::optional<TimestampUs> reached_at;
  /// Bank workspaces (Explanation::bank): the campaign's sale type for this conversion.
  SaleType sale = SaleType::kNone;
};

/// A touch event of the user that carries a campaign, at or before the conversion and inside
/// the longest window (ConversionRule::max_window_us), that did not become a candidate.
struct ExcludedTouch {
  TimestampUs ts = 0;
  std::string event;  ///< the event name as ingested
  std::string campaign_id;
  std::string message_id;
  int64_t window_s = 0;  ///< the window the touch was held to
  WindowSource window_from = WindowSource::kDefinition;
  /// With `requires`: as ExplainedTouch::reached_at; nullopt when the campaign never reached
  /// the user by the conversion.
  std::optional<TimestampUs> reached_at;
  /// The first rule it fails, in the attributor's order: the window, then `requires`.
  ExclusionReason reason = ExclusionReason::kOutsideDefinitionWindow;
};

/// One conversion of the user and how its credit was split.
struct ExplainedConversion {
  TimestampUs ts = 0;
  std::string event;
  std::optional<Micros> value;
  std::vector<ExplainedTouch> candidates;  ///< canonical order (ts, campaign, message)
  /// The event's `product` and `account_id` properties (as text), nullopt when absent.
  std::optional<std::string> product;
  std::optional<std::string> account_id;
  /// Workspaces with snapshots (Explanation::has_snapshots): the month of the conversion in
  /// the workspace time zone, whose snapshot values it, and that snapshot's balance and profit
  /// (nullopt when the account has none for the month, or the event names no account).
  int32_t snapshot_month = 0;
  std::optional<Micros> balance;
  std::optional<Micros> profit;
  /// The touches left out, in time order (empty under `direct`: nothing is looked up).
  std::vector<ExcludedTouch> excluded;
};

/// The audit trail behind the numbers for one user.
struct Explanation {
  std::string user_id;
  std::string conversion;
  std::string model;
  int64_t window_s = 0;
  std::string timezone;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;
  std::vector<ExplainedConversion> conversions;
  /// Conversion-type events of the user that the definition's `where` filter left out.
  int64_t filtered_out = 0;
  /// The definition's touch event and `requires` event ("" = none), as written in the settings.
  std::string touch;
  std::string requires_event;
  /// Whether some campaign has its own `influence_days`, and whether the model is `direct`.
  bool campaign_windows = false;
  bool direct = false;
  /// A bank workspace (docs/bank.md): account snapshots or a campaign with promoted products;
  /// its conversions show `product`, `account_id` and each credit's sale type.
  bool bank = false;
  /// The workspace has account snapshots: conversions show their valuation.
  bool has_snapshots = false;
};

}  // namespace payback
