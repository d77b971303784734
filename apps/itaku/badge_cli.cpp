// itaku badge issue|return|lost|list: ID badges (身分証明書等) that workers on the city's
// premises carry and show (木更津市 第11条(1)).

#include <iostream>

#include <fmt/format.h>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/domain/commands.hpp"

namespace itaku::cli {

namespace {

std::string status_ja(const domain::Badge& b) {
  if (b.status == domain::BadgeStatus::Returned) return "返却済";
  if (b.status == domain::BadgeStatus::Lost) return "紛失";
  return b.return_outstanding() ? "返却待ち（退任済）" : "貸与中";
}

}  // namespace

void add_badge_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto* badge =
      app.add_subcommand("badge", "ID badges (身分証明書等) of workers on the city's premises (木更津市 第11条(1))");
  badge->require_subcommand(1);
  add_recorded_command<domain::IssueBadge>(badge, "issue", "issue a badge to a worker on the roster",
                                           {.positional = {"contract"}}, options, action);
  add_recorded_command<domain::ReturnBadge>(badge, "return", "a badge comes back",
                                            {.positional = {"contract", "number"}}, options, action);
  add_recorded_command<domain::ReportBadgeLost>(badge, "lost", "report a badge lost",
                                                {.positional = {"contract", "number"}}, options, action);

  auto contract = std::make_shared<std::string>();
  auto* list = badge->add_subcommand("list", "the badges of a contract; leavers' badges not yet back first");
  list->add_option("CONTRACT", *contract, "契約 / Contract")->required();
  on_instance(list, options, action, [=](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, *contract));
      for (const bool outstanding : {true, false})
        for (const auto& [number, b] : c->badges) {
          if (b.return_outstanding() != outstanding) continue;
          const auto* person = s.person(b.person);
          std::cout << fmt::format("{}\t{}\t{}\t{}〜{}\t{}\n", number, person ? person->name : b.person, b.organisation,
                                   b.issued, b.expires, status_ja(b));
        }
      return ok();
    });
  });
}

}  // namespace itaku::cli
