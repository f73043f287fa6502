#pragma once

#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// The checks of a settings file that need the engine's knowledge (beyond the YAML
/// structure that ParseSettingsYaml checks): the time zone exists, the currency is an ISO 4217
/// code, every model is registered, time_decay's half life and custom_position's weights make
/// sense. kInvalidInput with the key path (e.g. `conversions[2].model`) in the location.
Status ValidateSettingsSemantics(const Settings& settings, const std::string& file_name);

}  // namespace payback
