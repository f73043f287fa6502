#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace payback {

/// What an API token may do (docs/api.md, "Tokens"). Ordered: each role may do what the
/// roles before it may.
enum class Role {
  kViewer,  ///< read reports, campaigns, settings, explanations; check formulas
  kEditor,  ///< also ingest data and replace settings
  kAdmin,   ///< also manage tokens
};

/// "viewer", "editor", "admin".
std::string_view RoleName(Role role);
/// The role named `name` (exact, lower case), or nullopt.
std::optional<Role> ParseRole(std::string_view name);

/// A token as `payback token create` issues it: `token` is the secret, shown once and stored
/// only as its SHA-256.
struct IssuedToken {
  std::string id;     ///< public identifier (`token list`, `token revoke`)
  std::string token;  ///< `pb_<id>_<64 hex digits>`: the bearer credential
  Role role = Role::kViewer;
  std::string label;
};

/// A stored token without its secret.
struct TokenInfo {
  std::string id;
  Role role = Role::kViewer;
  std::string label;
  std::string created_at;  ///< UTC, ISO 8601
};

}  // namespace payback
