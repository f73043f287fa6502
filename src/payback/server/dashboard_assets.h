#pragma once

#include <span>
#include <string_view>

namespace payback {

/// One file of the dashboard (web/dist, built by `make web`), embedded in the binary at build
/// time so that `payback serve` needs no files and no network.
struct DashboardAsset {
  std::string_view path;          ///< URL path: "/", "/assets/app.js", ...
  std::string_view content_type;  ///< e.g. "text/javascript; charset=utf-8"
  std::string_view body;
};

/// Every embedded asset. The data is static; thread-safe.
std::span<const DashboardAsset> DashboardAssets();

}  // namespace payback
