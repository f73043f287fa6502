#pragma once

#include <string>

#include "payback/report.h"

namespace payback {

/// The report as JSON, in data.md's shape ("Reports"): ratios as fractions (null on a zero
/// denominator), money as decimal strings with the currency's minor digits, revenue null when
/// the conversion definition has no value property.
std::string RenderReportJson(const Report& report);

/// A time series as JSON: the header of the report plus `bucket` and one point per bucket with
/// its local `start` and `end` (ISO 8601 with offset), the tile metrics and `custom`.
std::string RenderTimeSeriesJson(const TimeSeries& series);

/// One CSV row per campaign with the JSON's columns, in the table's order; labels joined by
/// `;`; null ratios empty.
std::string RenderReportCsv(const Report& report);

/// A human table for a terminal: the tiles, then the campaign table, with percentages,
/// grouped money and a dash for a null ratio.
std::string RenderReportTable(const Report& report);

/// Credit weights sum to integers under single-credit models; fractional sums are shown with
/// at most 6 decimals. Exposed for the explain renderer.
double RoundedConversions(double conversions);

}  // namespace payback
