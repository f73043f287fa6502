#pragma once

#include "payback/generate/generate.h"

namespace payback {

/// The average number of events per user that the messaging preset aims at (the benchmark
/// sizes its data set by it): from 1,000 users up a run lands within 3% of it (1,000,000 users
/// give about 10.06 million events); tiny accounts stray further.
inline constexpr double kMessagingEventsPerUser = 10.0;

/// The `messaging` preset: a CleverTap-like account (journeys, recurring, festive and one-off
/// broadcasts over push, email, in-app, SMS and WhatsApp; campaigns with expenses, a few only in
/// the events). Writes out_dir/campaigns.csv, out_dir/events.csv (CleverTap export event names:
/// Notification Sent/Delivered/Viewed/Clicked, Charged, Subscription Started, App Launched) and
/// out_dir/settings.yaml (Purchase and Subscription conversions). The output for given options
/// never changes: the benchmark's and the demo's numbers depend on it (a pinned fingerprint
/// test guards it).
///
/// Requires options validated by GenerateDataset and an existing out_dir. kIoError when a file
/// cannot be written. Thread-safe for different out_dir.
Result<GenerateSummary> GenerateMessaging(const GenerateOptions& options);

}  // namespace payback
