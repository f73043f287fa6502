#pragma once

// Test support: the metric catalogue the formula tests compile against.

#include <cstdlib>

#include "payback/formula/metric_catalog.h"

namespace payback {

/// The report's metrics (DefaultMetricDefs, `cost` among them for the seed's fourth KPI).
/// Built once; thread-safe.
inline const MetricCatalog& TestMetricCatalog() {
  static const MetricCatalog catalog = [] {
    auto defs = DefaultMetricDefs();
    auto created = MetricCatalog::Create(std::move(defs));
    if (!created.ok()) std::abort();
    return std::move(created).value();
  }();
  return catalog;
}

}  // namespace payback
