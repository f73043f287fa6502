#include "payback/formula/function_registry.h"

namespace payback {

// PROPSUM(event, property[, filter]): the exact sum of a numeric property over the events;
// events without the property add nothing.
void RegisterPropSumFunction(FunctionRegistry& registry) {
  registry.Register(FunctionDef{"PROPSUM", "PROPSUM(event, property[, filter])",
                                /*takes_property=*/true, AggregateKind::kPropSum, std::nullopt});
}

}  // namespace payback
