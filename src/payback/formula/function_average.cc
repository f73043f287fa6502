#include "payback/formula/function_registry.h"

namespace payback {

// AVERAGE(event[, filter]): events per distinct user, which the seed defines as
// TOTALS / UNIQUES; computed from those two aggregates so the engine needs no third one.
void RegisterAverageFunction(FunctionRegistry& registry) {
  registry.Register(FunctionDef{"AVERAGE", "AVERAGE(event[, filter])", /*takes_property=*/false,
                                AggregateKind::kTotals, AggregateKind::kUniques});
}

}  // namespace payback
