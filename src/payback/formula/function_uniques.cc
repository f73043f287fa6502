#include "payback/formula/function_registry.h"

namespace payback {

// UNIQUES(event[, filter]): distinct users who triggered the event; each user counts once.
void RegisterUniquesFunction(FunctionRegistry& registry) {
  registry.Register(FunctionDef{"UNIQUES", "UNIQUES(event[, filter])", /*takes_property=*/false,
                                AggregateKind::kUniques, std::nullopt});
}

}  // namespace payback
