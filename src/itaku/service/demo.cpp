#include "itaku/service/demo.hpp"

#include "itaku/provisions/provision_set.hpp"

namespace itaku::service {

namespace {
using namespace domain;

WorkLocation location(std::string id, std::string name, std::string address, bool city_premises,
                      std::string hours = "") {
  return WorkLocation{std::move(id), std::move(name), std::move(address), city_premises, std::move(hours)};
}
}  // namespace

Result<int> import_builtin_provisions(Service& service, const Actor& actor) {
  int imported = 0;
  for (const auto& set : provisions::builtin_sets()) {
    const bool present =
        service.read([&](const State& state) { return state.provision_set(set.name, set.version) != nullptr; });
    if (present) continue;
    TRY(service.execute(ImportProvisions{set.source}, Principal::system(actor)));
    ++imported;
  }
  return imported;
}

namespace {

// A class named as the rosters name it, with the conditions of one of the defaults.
AssetClass renamed(AssetClass base, std::string id, std::string name, std::string name_en) {
  base.id = std::move(id);
  base.name = std::move(name);
  base.name_en = std::move(name_en);
  return base;
}

// The classes the rosters name (木更津市 第11条(4): a roster's access rows name the contract's
// classes), defined before the first roster.
Result<void> define_demo_classes(Service& service, const Actor& actor) {
  auto run = [&](const Command& command) -> Result<void> {
    TRY(service.execute(command, Principal::system(actor)));
    return ok();
  };
  const auto defaults = [&](const std::string& contract) {
    return service.read([&](const State& state) {
      const auto* c = state.contract(contract);
      return default_asset_classes(*state.provision_set(c->provisions.name, c->provisions.version));
    });
  };
  const auto nagano = defaults("nagano-2026-001");
  const auto kisarazu = defaults("kisarazu-2026-014");
  TRY(run(DefineAssetClass{"nagano-2026-001", renamed(nagano[2], "design", "設計書", "Design documents")}));
  TRY(run(DefineAssetClass{"kisarazu-2026-014", renamed(kisarazu[2], "design", "設計書", "Design documents")}));
  TRY(run(DefineAssetClass{"kisarazu-2026-014", renamed(kisarazu[0], "tax", "課税情報", "Tax information")}));
  return ok();
}

// What 長野市 hands over with its receipt, and a few decisions for the decision log and
// monitoring.
Result<void> load_demo_assets(Service& service, const Actor& actor) {
  auto run = [&](const Command& command) -> Result<void> {
    TRY(service.execute(command, Principal::system(actor)));
    return ok();
  };

  TRY(run(RegisterAsset{"nagano-2026-001", "juminhyo-2026-04", "personal", "住民基本台帳データ（2026年4月分）", "city",
                        "", "暗号化USBメモリ", "1", "p-kobayashi", "長野市役所 情報政策課"}));
  TRY(run(RegisterAsset{"nagano-2026-001", "spec-v3", "design", "住民記録システム設計書 第3版", "city", "", "紙", "2冊",
                        "p-kobayashi", "長野市役所 情報政策課"}));
  TRY(run(TransferAssets{"nagano-2026-001",
                         "",
                         {"juminhyo-2026-04", "spec-v3"},
                         "p-kobayashi",
                         "p-yamada",
                         "データ移行作業のための引渡し"}));
  TRY(run(AcknowledgeTransfer{"nagano-2026-001", "t-0001", "p-yamada"}));

  auto request = [&](std::string contract, std::string person, Action action, std::string asset, std::string cls) {
    policy::Request r;
    r.contract = std::move(contract);
    r.person = std::move(person);
    r.action = action;
    r.asset = std::move(asset);
    r.asset_class = std::move(cls);
    r.location = "hq";
    r.purpose = r.contract;  // at: now
    return r;
  };
  const policy::Request requests[] = {
      request("kisarazu-2026-014", "p-tanaka", Action::Read, "", "設計書"),
      request("nagano-2026-001", "p-suzuki", Action::Read, "juminhyo-2026-04", ""),
      request("nagano-2026-001", "p-tanaka", Action::Read, "spec-v3", ""),
      request("nagano-2026-001", "p-kato", Action::Copy, "juminhyo-2026-04", ""),
  };
  TRY(service.decide(requests, actor));

  // The contractor's computers for the Kisarazu contract (木更津市 第12条): a laptop whose measures
  // the information manager confirmed, and an encrypted USB stick not yet confirmed.
  TRY(run(RegisterDevice{"kisarazu-2026-014",
                         "pc-21",
                         "computer",
                         "5CG2041XYZ",
                         "ノートPC（開発用）",
                         "shinano-is",
                         "",
                         "本社 開発室",
                         {"SSD 512GB S/N S4EVNX0R123456"}}));
  TRY(run(ConfirmDeviceMeasures{"kisarazu-2026-014",
                                "pc-21",
                                {"disk_encryption", "malware_protection", "updates", "screen_lock"},
                                "BitLocker 有効、定義ファイル自動更新を確認",
                                "p-sato"}));
  TRY(run(RegisterDevice{"kisarazu-2026-014",
                         "usb-03",
                         "media",
                         "USB-0003",
                         "暗号化USBメモリ 32GB",
                         "shinano-is",
                         "",
                         "本社 開発室",
                         {}}));
  return ok();
}

}  // namespace

Result<void> load_demo(Service& service) {
  const auto actor = Actor::system();
  if (service.read([](const State& state) { return state.organisation("nagano-city") != nullptr; }))
    return make_error(ErrorKind::Conflict, "demo.already_loaded", "デモデータはすでに読み込まれています",
                      "the demo is already loaded");
  TRY(import_builtin_provisions(service, actor));
  auto run = [&](const Command& command) -> Result<void> {
    TRY(service.execute(command, Principal::system(actor)));
    return ok();
  };

  TRY(run(RegisterOrganisation{"nagano-city", "city", "長野市", "Nagano City"}));
  TRY(run(RegisterOrganisation{"kisarazu-city", "city", "木更津市", "Kisarazu City"}));
  TRY(run(
      RegisterOrganisation{"shinano-is", "contractor", "株式会社しなの情報システム", "Shinano Information Systems"}));
  TRY(run(RegisterOrganisation{"zenkoji-data", "subcontractor", "有限会社善光寺データ", "Zenkoji Data"}));

  TRY(run(
      RegisterPerson{"p-kobayashi", "nagano-city", "小林 明美", "情報政策課 主査", "kobayashi@city.nagano.example"}));
  TRY(run(
      RegisterPerson{"p-takahashi", "kisarazu-city", "高橋 誠", "情報政策課 主任", "takahashi@city.kisarazu.example"}));
  TRY(run(RegisterPerson{"p-yamada", "shinano-is", "山田 太郎", "公共事業部 部長", "yamada@shinano-is.example"}));
  TRY(run(RegisterPerson{"p-sato", "shinano-is", "佐藤 花子", "品質管理室 室長", "sato@shinano-is.example"}));
  TRY(run(RegisterPerson{"p-suzuki", "shinano-is", "鈴木 一郎", "システムエンジニア", "suzuki@shinano-is.example"}));
  TRY(run(RegisterPerson{"p-tanaka", "shinano-is", "田中 美咲", "プログラマ", "tanaka@shinano-is.example"}));
  TRY(run(RegisterPerson{"p-ito", "zenkoji-data", "伊藤 健", "代表取締役", "ito@zenkoji-data.example"}));
  TRY(run(
      RegisterPerson{"p-watanabe", "zenkoji-data", "渡辺 さくら", "データ入力担当", "watanabe@zenkoji-data.example"}));

  TRY(run(CreateContract{"nagano-2026-001", "長野市情政第2026-001号", "住民記録システム運用保守業務委託",
                         "総務部 情報政策課", "nagano-city", "shinano-is", "2026-04-01", "2027-03-31",
                         "住民記録システムの運用監視、障害対応及びデータ移行作業", "nagano", ""}));
  TRY(run(AddSubcontractor{"nagano-2026-001", "zenkoji-data", "shinano-is"}));
  TRY(run(CreateContract{"kisarazu-2026-014", "木更津市委第2026-014号", "税務システム改修業務委託", "総務部 情報政策課",
                         "kisarazu-city", "shinano-is", "2026-06-01", "2027-02-28",
                         "税務システムの法改正対応に係るプログラム改修及び本番環境への移行", "kisarazu", ""}));
  TRY(define_demo_classes(service, actor));

  Roster nagano;
  nagano.responsible = "p-yamada";
  nagano.information_manager = "p-sato";
  nagano.workers = {{"p-suzuki", "運用監視・障害対応", "2026-04-01", ""},
                    {"p-tanaka", "データ移行プログラムの作成", "2026-04-01", "2026-09-30"}};
  nagano.locations = {
      location("hq", "本社 開発室", "長野県長野市南長野1-2-3 しなのビル4階", false),
      // The city's server room is open during the city's office hours.
      location("city-dc", "長野市役所 第二庁舎 電算室", "長野県長野市大字鶴賀緑町1613", true, "08:30-17:15")};
  // 山田 receives what the city hands over (長野市 第8), so the roster lets him view it.
  nagano.access = {{"個人情報", "p-suzuki", "view"},
                   {"個人情報", "p-sato", "view"},
                   {"設計書", "p-tanaka", "use"},
                   {"個人情報", "p-yamada", "view"},
                   {"設計書", "p-yamada", "view"}};
  TRY(run(SubmitRoster{"nagano-2026-001", "shinano-is", nagano, "契約締結時の届出"}));
  TRY(run(AcknowledgeRoster{"nagano-2026-001", "shinano-is", 1, "p-kobayashi"}));

  Roster sub;
  sub.responsible = "p-ito";
  sub.information_manager = "p-ito";
  sub.manager_is_personal_information_officer = true;
  sub.workers = {{"p-watanabe", "移行データの入力・照合", "2026-05-01", "2026-08-31"}};
  sub.locations = {location("zd-office", "善光寺データ 作業室", "長野県長野市元善町491", false)};
  sub.access = {{"個人情報", "p-watanabe", "use"}};
  TRY(run(SubmitRoster{"nagano-2026-001", "zenkoji-data", sub, "再委託先の届出"}));

  // A change: a new worker joins and work moves partly on site; the city has not yet
  // acknowledged this version, so it shows as waiting.
  TRY(run(RegisterPerson{"p-kato", "shinano-is", "加藤 翔", "システムエンジニア", "kato@shinano-is.example"}));
  nagano.workers.push_back({"p-kato", "運用監視（夜間）", "2026-07-01", ""});
  nagano.access.push_back({"個人情報", "p-kato", "view"});
  TRY(run(SubmitRoster{"nagano-2026-001", "shinano-is", nagano, "夜間監視体制の追加"}));
  TRY(run(ChangeContractState{"nagano-2026-001", ContractState::Active}));

  Roster kisarazu;
  kisarazu.responsible = "p-yamada";
  kisarazu.information_manager = "p-sato";
  kisarazu.workers = {{"p-tanaka", "プログラム改修（開発）", "2026-06-01", ""},
                      {"p-suzuki", "本番環境への移行（移行作業者）", "2026-06-01", ""}};
  kisarazu.locations = {location("hq", "本社 開発室", "長野県長野市南長野1-2-3 しなのビル4階", false),
                        location("kisarazu-hall", "木更津市役所 朝日庁舎 サーバ室", "千葉県木更津市朝日3-10-19", true)};
  kisarazu.access = {{"課税情報", "p-suzuki", "view"}, {"設計書", "p-tanaka", "use"}};
  TRY(run(SubmitRoster{"kisarazu-2026-014", "shinano-is", kisarazu, "契約締結時の届出"}));
  TRY(run(AcknowledgeRoster{"kisarazu-2026-014", "shinano-is", 1, "p-takahashi"}));
  TRY(run(ChangeContractState{"kisarazu-2026-014", ContractState::Active}));
  TRY(load_demo_assets(service, actor));
  return ok();
}

}  // namespace itaku::service
