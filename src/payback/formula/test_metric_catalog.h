#pragma once

// Test support: the metric catalogue the formula tests compile against.

#include <cstdlib>

#include "payback/formula/metric_catalog.h"

namespace payback {

/// The report's metrics (DefaultMetricDefs) plus `cost` (display name "Cost"), which the
/// seed's fourth KPI needs before the cost module supplies it. Built once; thread-safe.
inline const MetricCatalog& TestMetricCatalog() {
  static const MetricCatalog catalog = [] {
    auto defs = DefaultMetricDefs();
    defs.push_back({"cost", {"Cost"}, MetricKind::kMoney});
    auto created = MetricCatalog::Create(std::move(defs));
    if (!created.ok()) std::abort();
    return std::move(created).value();
  }();
  return catalog;
}

}  // namespace payback
