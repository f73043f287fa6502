#include "payback/formula/function_registry.h"

#include <algorithm>
#include <string>

#include "payback/common/assert.h"
#include "payback/common/text.h"
#include "payback/formula/formula_chars.h"

namespace payback {

const FunctionRegistry& FunctionRegistry::Instance() {
  // Built once, on first use (thread-safe initialisation of a function-local static). An
  // explicit list rather than static self-registration: the linker cannot drop a member.
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    RegisterTotalsFunction(r);
    RegisterUniquesFunction(r);
    RegisterAverageFunction(r);
    RegisterPropSumFunction(r);
    RegisterPropAvgFunction(r);
    return r;
  }();
  return registry;
}

void FunctionRegistry::Register(const FunctionDef& def) {
  PAYBACK_ASSERT(!def.name.empty());
  PAYBACK_ASSERT(FindIgnoreCase(def.name) == nullptr);
  PAYBACK_ASSERT(
      std::none_of(def.name.begin(), def.name.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
  functions_.push_back(def);
}

const FunctionDef* FunctionRegistry::Find(std::string_view name) const {
  for (const FunctionDef& def : functions_) {
    if (def.name == name) return &def;
  }
  return nullptr;
}

const FunctionDef* FunctionRegistry::FindIgnoreCase(std::string_view name) const {
  for (const FunctionDef& def : functions_) {
    if (formula_chars::EqualsIgnoreCase(def.name, name)) return &def;
  }
  return nullptr;
}

const FunctionDef* FunctionRegistry::Suggest(std::string_view name) const {
  const std::string lower = ToLowerAscii(name);
  const FunctionDef* best = nullptr;
  size_t best_distance = 0;
  for (const FunctionDef& def : functions_) {
    const size_t distance = EditDistance(lower, ToLowerAscii(def.name));
    if (distance > std::max<size_t>(2, def.name.size() / 3)) continue;
    if (best == nullptr || distance < best_distance) {
      best = &def;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace payback
