#pragma once

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "payback/status.h"
#include "payback/types.h"

namespace payback {

/// One candidate touch of a conversion: a touch event of the converting user that carries a
/// campaign, with conversion_ts - window <= ts <= conversion_ts (metrics.md, "Attribution").
struct Candidate {
  TimestampUs ts = 0;
  CampaignId campaign = kNoCampaign;
  MessageId message = 0;
};

/// Parameters that some models read; the others ignore them.
struct ModelParams {
  /// time_decay: the half life, in microseconds (default 7 days).
  int64_t half_life_us = 7LL * 86400 * kMicrosPerSecond;
  /// custom_position: (first, middle, last) weights as given in the settings, not normalised.
  std::array<double, 3> position_weights = {0.4, 0.2, 0.4};
};

/// An attribution model: splits the credit of one conversion over its candidate touches.
/// One small class per model (metrics.md's table); models are immutable after creation and
/// safe to use from several threads at once.
class AttributionModel {
 public:
  virtual ~AttributionModel() = default;

  /// The model's name as written in settings (`last_touch`, ...).
  virtual std::string_view name() const = 0;

  /// True for `direct`: the conversion names its own campaign and no touch is looked up;
  /// Assign() is never called on such a model.
  virtual bool IsDirect() const { return false; }

  /// True when every conversion's weights sum to 1 (all models but any_touch).
  virtual bool SplitsOneCredit() const { return true; }

  /// Fills weights[k] with the credit of candidates[k].
  /// `candidates` is never empty and is in canonical order: ts ascending, then campaign id
  /// ascending in byte order, then message id ascending in byte order; the caller guarantees
  /// that order, so "last" is candidates.back() and "first" is candidates.front().
  /// `weights.size() == candidates.size()`; every weight is >= 0.
  virtual void Assign(TimestampUs conversion_ts, std::span<const Candidate> candidates,
                      std::span<double> weights) const = 0;
};

/// Creates a model from its parameters.
using ModelFactory = std::unique_ptr<AttributionModel> (*)(const ModelParams& params);

/// The registry of attribution models, filled once by RegisterAllModels() (model_registry.cc
/// lists them explicitly, ClickHouse-style: one `Register<Name>Model` per model file).
/// Read-only after construction, so thread-safe.
class ModelRegistry {
 public:
  /// The process-wide registry with every model of metrics.md.
  static const ModelRegistry& Instance();

  void Register(std::string name, ModelFactory factory);
  /// Names in registration order.
  std::vector<std::string> Names() const;
  bool Contains(std::string_view name) const;
  /// The model called `name`; kUsage when there is none (the message lists the known names).
  Result<std::unique_ptr<AttributionModel>> Create(std::string_view name,
                                                   const ModelParams& params) const;

 private:
  std::vector<std::pair<std::string, ModelFactory>> factories_;
};

void RegisterLastTouchModel(ModelRegistry& registry);
void RegisterFirstTouchModel(ModelRegistry& registry);
void RegisterLinearModel(ModelRegistry& registry);
void RegisterTimeDecayModel(ModelRegistry& registry);
void RegisterPositionBasedModel(ModelRegistry& registry);
/// Registers both `j_curve` and `inverse_j`.
void RegisterJCurveModels(ModelRegistry& registry);
void RegisterCustomPositionModel(ModelRegistry& registry);
void RegisterAnyTouchModel(ModelRegistry& registry);
void RegisterDirectModel(ModelRegistry& registry);

}  // namespace payback
