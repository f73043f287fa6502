#pragma once

#include "payback/generate/generate.h"

namespace payback {

/// The `web` preset: a department store's website with LivePerson-like web engagement campaigns
/// (seed 004). Options.users is the number of visitors. Each visitor comes one or more times
/// (about two visits on average, some loyal visitors many more); a visit lands on the home page,
/// a category, a product, the blog or the help pages, browses a department (outerwear, women,
/// men, shoes, home), and may go on to the cart, the checkout and a purchase, apply for the store
/// card, book a design consultation (leads) or subscribe to the newsletter.
///
/// 12 campaigns (channel and kind `web`): 6 with a business goal of sales (a winter coat sale
/// and a spring collection for part of the span, a welcome offer for new visitors, product
/// expert chat, a free-shipping banner on the cart, proactive chat on the checkout), 2 of leads
/// (a store card offer, design consultations) and 4 assisting (blog content recommendations, a
/// newsletter invitation, order help chat, a gift guide). All but the last two keep a control
/// group (8 or 10% of their visitors, decided at the first eligible visit) who see nothing. Chat
/// invitations are shown in staffed hours only. For a week, an exposure multiplies the chance
/// of the purchase funnel step the campaign works on (going to the cart for banners and product
/// chat, to the checkout for cart offers, buying for checkout chat), more after a chat or a
/// content click, raises the order value a little and raises the other goals (leads, signups,
/// pages viewed); campaigns multiply, so a campaign's treatment converts 1.2 to 2.6 times as
/// often as its control group, which converts at the base rate (3 to 8% within a week for the
/// campaigns shown while browsing). Expenses: a creative and media budget that follows the
/// site's traffic, the platform's charge per exposure and the agents' time per chat.
///
/// Writes out_dir/campaigns.csv (goal_type, expenses on ten, labels, start and end);
/// out_dir/events.csv (ascending ts; columns user_id, ts, event, campaign_id, group, type, page,
/// form, amount): `eligible` per eligible visit, `assignment` (group control or treatment) at a
/// visitor's first eligible visit of a campaign with a control group, `exposure`, `engagement`
/// (type chat or content), all with campaign_id; and without a campaign `page_view` (page),
/// `purchase` (amount), `lead` (form: store_card or design_consultation) and `signup`;
/// out_dir/settings.yaml: the Purchase (value amount), Lead, Page views (1d) and Signup
/// conversions (touch exposure, any_touch, 7d unless stated), custom metrics and a monthly
/// platform fee (the campaigns' expenses are the rest of the cost).
///
/// Memory: under 100 bytes per visitor plus the rows of the days still open. Requires options
/// validated by GenerateDataset and an existing out_dir. kIoError when a file cannot be
/// written. Thread-safe for different out_dir.
Result<GenerateSummary> GenerateWeb(const GenerateOptions& options);

}  // namespace payback
