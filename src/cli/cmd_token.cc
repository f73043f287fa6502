#include <fmt/format.h>

#include "cli/cli_common.h"

namespace payback::cli {

void AddTokenCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* token = app.add_subcommand("token", "API tokens for `payback serve` (docs/api.md)");
  token->require_subcommand(1);

  struct CreateArgs {
    std::string role;
    std::string label;
  };
  auto create_args = std::make_shared<CreateArgs>();
  auto* create = token->add_subcommand(
      "create", "issue a token and print it (it is shown once; only its hash is stored)");
  AddWorkspaceOption(*create, options);
  create->add_option("--role", create_args->role, "admin, editor or viewer")
      ->required()
      ->check(CLI::IsMember({"admin", "editor", "viewer"}));
  create->add_option("--label", create_args->label, "a note on who or what uses it");
  create->callback([create_args, &options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    auto issued = workspace->CreateToken(*ParseRole(create_args->role), create_args->label);
    if (!issued.ok()) {
      exit_code = ReportError(issued.status());
      return;
    }
    fmt::print("{}\n", issued->token);
    fmt::print(stderr, "payback: created {} token {}; keep it secret, it is not shown again\n",
               RoleName(issued->role), issued->id);
  });

  auto* list = token->add_subcommand("list", "the tokens: id, role, label, creation time");
  AddWorkspaceOption(*list, options);
  list->callback([&options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    auto tokens = workspace->Tokens();
    if (!tokens.ok()) {
      exit_code = ReportError(tokens.status());
      return;
    }
    for (const TokenInfo& info : *tokens) {
      fmt::print("{}  {:<6}  {}  {}\n", info.id, RoleName(info.role), info.created_at, info.label);
    }
  });

  auto id = std::make_shared<std::string>();
  auto* revoke = token->add_subcommand("revoke", "revoke a token by its id");
  AddWorkspaceOption(*revoke, options);
  revoke->add_option("ID", *id, "the id `token list` shows")->required();
  revoke->callback([id, &options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    const Status revoked = workspace->RevokeToken(*id);
    if (!revoked.ok()) exit_code = ReportError(revoked);
  });
}

}  // namespace payback::cli
