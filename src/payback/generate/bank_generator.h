#pragma once

#include "payback/generate/generate.h"

namespace payback {

/// The `bank` preset: a bank's product campaigns on the Strum platform (seed 001). Options.users
/// is the number of customers. About 17 campaigns (90 days) over email, sms, direct_mail and push:
/// one-off broadcasts (about one every 8 days, Tuesday to Thursday, the last one scheduled after
/// the data) and always-on journeys (an onboarding series for new checking customers, CD maturity
/// renewals, pre-approved loans, a mortgage rate watch stopped during the span), each promoting
/// one or more products, some with their own influence period (30, 45 or 60 days; the others
/// use the conversion definition's window) and expenses that follow their sends (a fifth of a
/// cent per email, about 65 cents per direct-mail piece, plus a fixed cost per campaign).
///
/// Writes out_dir/campaigns.csv (with expenses, promoted_products and influence_days);
/// out_dir/events.csv with the bank's funnel per campaign: `sent`, `reached` (an alias of
/// delivered; a few receipts are lost, so some customers open without being reached), `opened`
/// (an alias of viewed), `clicked`, and `product_opened` without a campaign (properties
/// `product`: checking, savings, cd, personal_loan, credit_card, mortgage or heloc, and a unique
/// `account_id`): mostly the promoted product within the influence period of an opened campaign
/// (direct sales), some other product (related sales), some after the period, and organic
/// openings by customers whether reached or not; out_dir/snapshots.csv (account_id, month_end,
/// balance, profit): every opened account's month-end figures from its opening month (in the
/// bank's time zone, America/Chicago) to the last complete month of the data, closed accounts
/// ending with a zero balance, and about 2% of accounts missing their opening-month snapshot;
/// out_dir/settings.yaml: the Product Opened conversion (touch viewed, requires delivered,
/// any_touch, 30d) and custom metrics; no cost lines (the campaigns' expenses are the cost).
///
/// Requires options validated by GenerateDataset and an existing out_dir. kIoError when a file
/// cannot be written. Thread-safe for different out_dir.
Result<GenerateSummary> GenerateBank(const GenerateOptions& options);

}  // namespace payback
