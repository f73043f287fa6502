#include "payback/engine/settings_validator.h"

#include <fmt/format.h>

#include <cmath>

#include "payback/attribution/attribution_model.h"
#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/formula/compiled_formula.h"
#include "payback/report/custom_metric_set.h"

namespace payback {

Status ValidateSettingsSemantics(const Settings& settings, const std::string& file_name) {
  auto error = [&](std::string field, std::string message) {
    return Status::InvalidInput(std::move(message),
                                ErrorLocation{file_name, 0, std::move(field), 0});
  };
  if (auto tz = TimeZone::Load(settings.timezone); !tz.ok()) {
    return error("timezone", tz.status().message());
  }
  if (!IsCurrencyCode(settings.currency)) {
    return error("currency", fmt::format("{} is not an ISO 4217 currency code",
                                         QuoteForMessage(settings.currency)));
  }
  const ModelRegistry& models = ModelRegistry::Instance();
  for (size_t idx = 0; idx < settings.conversions.size(); ++idx) {
    const ConversionDefinition& definition = settings.conversions[idx];
    const std::string path = fmt::format("conversions[{}]", idx);
    if (!models.Contains(definition.model)) {
      return error(path + ".model", fmt::format("unknown attribution model {}; known models: {}",
                                                QuoteForMessage(definition.model),
                                                JoinStrings(models.Names(), ", ")));
    }
    if (definition.half_life_s <= 0) return error(path + ".half_life", "must be positive");
    if (definition.position_weights) {
      double sum = 0;
      for (const double weight : *definition.position_weights) {
        if (!std::isfinite(weight) || weight < 0) {
          return error(path + ".weights", "weights must be finite and not negative");
        }
        sum += weight;
      }
      if (sum <= 0) return error(path + ".weights", "weights must not all be zero");
    }
    if (definition.model == "custom_position" && !definition.position_weights) {
      return error(path + ".weights", "custom_position needs weights: {first, middle, last}");
    }
  }
  // Custom metrics: every formula must compile against the report's metrics.
  for (size_t idx = 0; idx < settings.custom_metrics.size(); ++idx) {
    const CustomMetricDefinition& metric = settings.custom_metrics[idx];
    auto compiled = CompiledFormula::Compile(metric.formula, ReportMetricCatalog());
    if (!compiled.ok()) {
      return Status::InvalidInput(
          compiled.status().message(),
          ErrorLocation{file_name, 0, fmt::format("custom_metrics[{}].formula", idx),
                        compiled.status().location().column});
    }
  }
  return Status::Ok();
}

}  // namespace payback
