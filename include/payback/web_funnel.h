#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payback/types.h"

namespace payback {

/// What one group of a campaign's users did after entering the group (docs/web.md): its users,
/// those who converted, their conversions and revenue.
struct WebGroup {
  int64_t users = 0;
  int64_t converters = 0;
  int64_t conversions = 0;
  __int128 revenue_pico = 0;
  std::optional<double> conversion_rate;  ///< converters / users
  std::optional<__int128> aov_pico;       ///< revenue / conversions
};

/// A 95% confidence interval (Welch; docs/web.md), in conversions or currency units.
struct WebInterval {
  double low = 0;
  double high = 0;
  double standard_error = 0;
  double degrees_of_freedom = 0;
};

/// A campaign's lift over its control group (metrics.md, "Web engagement with control groups").
struct WebLift {
  int64_t audience = 0;  ///< treatment + control users
  int64_t actual_converters = 0;
  double baseline_converters = 0;
  double incremental_conversions = 0;
  std::optional<WebInterval> conversions_interval;
  __int128 actual_revenue_pico = 0;
  __int128 baseline_revenue_pico = 0;
  __int128 incremental_revenue_pico = 0;
  std::optional<WebInterval> revenue_interval;
  /// incremental revenue / the campaign's cost; null without cost.
  std::optional<double> incremental_roas;
};

/// How often another conversion definition (goal) was reached by the campaign's exposed users
/// after their exposure: the campaign's contribution to other goals.
struct GoalContribution {
  std::string conversion;
  int64_t goals_reached = 0;  ///< conversion events
  int64_t users = 0;          ///< distinct users
};

/// One web campaign (seed 004): the visitor funnel, the conversion rates by channel and group,
/// the lift over its control group.
struct WebCampaignRow {
  std::string campaign_id;
  std::string name;
  std::string channel;
  std::string goal_type;  ///< business (conversions) or assisting (goals reached); may be empty
  int64_t prospects = 0;  ///< `eligible` events
  int64_t prospect_users = 0;
  int64_t exposures = 0;    ///< `exposure` events
  int64_t engagements = 0;  ///< `engagement` events, of which:
  int64_t chat_engagements = 0;
  int64_t content_engagements = 0;
  /// Conversions and revenue the report credits the campaign with (its definition and model:
  /// touch `exposure`, any_touch for the seed), and its cost (null without cost lines).
  double conversions = 0;
  __int128 revenue_pico = 0;
  std::optional<__int128> cost_pico;
  WebGroup exposed;             ///< content view-through: users exposed to the campaign
  WebGroup chat;                ///< users who chatted
  WebGroup content_click;       ///< content click-through: users who clicked its content
  WebGroup treatment;           ///< assigned treatment (or exposed, when only control is logged)
  WebGroup control;             ///< assigned control: saw nothing
  std::optional<WebLift> lift;  ///< null without a control group
  /// The exposed conversion rate of all campaigns of the same goal type (pooled), to compare.
  std::optional<double> goal_type_rate;
  std::vector<GoalContribution> other_goals;
};

/// The web engagement report (`payback lift`, GET /api/v1/lift): one row per campaign with web
/// events in the period that passes the filters.
struct WebFunnel {
  std::string conversion;
  std::string model;
  int64_t window_s = 0;
  std::optional<TimestampUs> from;
  std::optional<TimestampUs> to;
  std::string timezone;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;
  bool has_cost = false;
  std::vector<WebCampaignRow> campaigns;
};

/// The web report per time bucket (day, week or month of the workspace zone): the seed's
/// "over time" widgets (rates by channel and group, the goal type's average, conversions and
/// revenue after chats or content clicks). Each point is exactly the WebFunnel of its bucket.
struct WebFunnelPoint {
  TimestampUs start = 0;
  TimestampUs end = 0;
  WebFunnel funnel;
};

struct WebFunnelSeries {
  std::string bucket;  ///< day, week or month
  std::string timezone;
  std::vector<WebFunnelPoint> points;
};

}  // namespace payback
