#pragma once

#include "payback/explain.h"
#include "payback/report/report_inputs.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// Replays the attribution of one user (the same UserAttributor the report uses, so the
/// numbers agree) and records every candidate and its credit. kNotFound for an unknown user
/// or conversion.
Result<Explanation> BuildExplanation(const ExplainRequest& request, const ReportInputs& inputs,
                                     const Settings& settings);

/// Text rendering for a terminal, and JSON.
std::string RenderExplanationText(const Explanation& explanation);
std::string RenderExplanationJson(const Explanation& explanation);

}  // namespace payback
