#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {

const ModelRegistry& ModelRegistry::Instance() {
  // Built once, on first use; C++ guarantees thread-safe initialisation of a function-local
  // static. The explicit list (no static self-registration) keeps the order of metrics.md's
  // table and cannot be broken by the linker dropping an unreferenced object file.
  static const ModelRegistry registry = [] {
    ModelRegistry r;
    RegisterLastTouchModel(r);
    RegisterFirstTouchModel(r);
    RegisterLinearModel(r);
    RegisterTimeDecayModel(r);
    RegisterPositionBasedModel(r);
    RegisterJCurveModels(r);
    RegisterCustomPositionModel(r);
    RegisterAnyTouchModel(r);
    RegisterDirectModel(r);
    return r;
  }();
  return registry;
}

void ModelRegistry::Register(std::string name, ModelFactory factory) {
  PAYBACK_ASSERT(factory != nullptr);
  // Two models under one name is a wiring bug, never a user error.
  PAYBACK_ASSERT(!Contains(name));
  factories_.emplace_back(std::move(name), factory);
}

std::vector<std::string> ModelRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(factories_.size());
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

bool ModelRegistry::Contains(std::string_view name) const {
  return std::any_of(factories_.begin(), factories_.end(),
                     [name](const auto& entry) { return entry.first == name; });
}

Result<std::unique_ptr<AttributionModel>> ModelRegistry::Create(std::string_view name,
                                                                const ModelParams& params) const {
  for (const auto& [known_name, factory] : factories_) {
    if (known_name == name) return factory(params);
  }
  std::string message = "unknown attribution model '";
  message.append(name);
  message += "'; known models: ";
  for (size_t model_idx = 0; model_idx < factories_.size(); ++model_idx) {
    if (model_idx > 0) message += ", ";
    message += factories_[model_idx].first;
  }
  return Status::Usage(std::move(message));
}

}  // namespace payback
