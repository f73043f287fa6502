#include "payback/formula/function_registry.h"

namespace payback {

// TOTALS(event[, filter]): every occurrence of the event counts, however many times one user
// triggered it (the seed's "Video Played occurred 12,000 times").
void RegisterTotalsFunction(FunctionRegistry& registry) {
  registry.Register(FunctionDef{"TOTALS", "TOTALS(event[, filter])", /*takes_property=*/false,
                                AggregateKind::kTotals, std::nullopt});
}

}  // namespace payback
