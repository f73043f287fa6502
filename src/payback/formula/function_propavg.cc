#include "payback/formula/function_registry.h"

namespace payback {

// PROPAVG(event, property[, filter]): the property's value per event occurrence, which the
// seed defines as PROPSUM / TOTALS (so an event without the property counts in the
// denominator, as an occurrence worth 0).
void RegisterPropAvgFunction(FunctionRegistry& registry) {
  registry.Register(FunctionDef{"PROPAVG", "PROPAVG(event, property[, filter])",
                                /*takes_property=*/true, AggregateKind::kPropSum,
                                AggregateKind::kTotals});
}

}  // namespace payback
