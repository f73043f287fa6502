#include "payback/report/model_comparison.h"

#include <algorithm>
#include <map>

#include "payback/attribution/attribution_model.h"
#include "payback/report/report_builder.h"

namespace payback {

Result<ModelComparison> BuildModelComparison(const ReportRequest& request,
                                             const ReportInputs& inputs, const Settings& settings) {
  PAYBACK_ASSIGN_OR_RETURN(const ConversionDefinition* definition,
                           FindConversion(settings, request.conversion));
  ModelComparison comparison;
  for (const std::string& model : ModelRegistry::Instance().Names()) {
    if (model == "custom_position" && !definition->position_weights) continue;
    comparison.models.push_back(model);
  }
  // The definition's own model first, so that its report gives the row order.
  const auto own = std::find(comparison.models.begin(), comparison.models.end(), definition->model);
  const size_t own_index =
      own == comparison.models.end() ? 0 : static_cast<size_t>(own - comparison.models.begin());

  std::map<std::string, size_t> row_of;
  ReportRequest model_request = request;
  model_request.sort_metric = "conversions";
  model_request.descending = true;
  for (size_t index = 0; index < comparison.models.size(); ++index) {
    model_request.model = comparison.models[index];
    PAYBACK_ASSIGN_OR_RETURN(const Report report, BuildReport(model_request, inputs, settings));
    if (index == 0) {
      comparison.conversion = report.conversion;
      comparison.model = definition->model;
      comparison.window_s = report.window_s;
      comparison.from = report.from;
      comparison.to = report.to;
      comparison.currency = report.currency;
      comparison.currency_digits = report.currency_digits;
      comparison.has_revenue = report.has_revenue;
    }
    comparison.tiles.push_back(ModelCell{report.tiles.conversions, report.tiles.revenue_pico});
    comparison.unattributed.push_back(report.unattributed_conversions);
    for (const CampaignRow& row : report.campaigns) {
      auto [found, added] = row_of.emplace(row.campaign_id, comparison.campaigns.size());
      if (added) {
        comparison.campaigns.push_back(
            ModelComparisonRow{row.campaign_id, row.name, row.channel,
                               std::vector<ModelCell>(comparison.models.size())});
      }
      comparison.campaigns[found->second].cells[index] =
          ModelCell{row.metrics.conversions, row.metrics.revenue_pico};
    }
  }
  std::stable_sort(comparison.campaigns.begin(), comparison.campaigns.end(),
                   [own_index](const ModelComparisonRow& left, const ModelComparisonRow& right) {
                     const double left_value = left.cells[own_index].conversions;
                     const double right_value = right.cells[own_index].conversions;
                     if (left_value != right_value) return left_value > right_value;
                     return left.campaign_id < right.campaign_id;
                   });
  return comparison;
}

}  // namespace payback
