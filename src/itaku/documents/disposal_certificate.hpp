#pragma once
// The certificate that information assets were disposed of or erased (廃棄・消去証明書; 長野市
// 第9-2: 情報資産を廃棄又は消去したことを証明する書類; 木更津市 第5条-1: 複製物等を消去又は破棄し、
// その旨を甲に書面により届け出る), or the report that they were returned (返還報告書): the
// contract, the method, who did it and when, and every asset, with its ledger record number, a
// QR code to verify it and a machine-readable payload. Every text arrives formatted for display:
// this module lays it out.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

struct DisposalCertificate {
  std::string number;       // 証明書番号, e.g. "長野市情政第2026-001号-D0001"
  std::string issued_date;  // e.g. 令和8年12月7日
  std::string addressee;    // the city, e.g. "長野市長 様"
  // The certifying party and its responsible person, e.g. "株式会社信州データサービス 代表取締役 山田太郎".
  std::string issuer;
  std::string clause;  // the clause it answers, e.g. "長野市 第9-2"
  std::string contract_number, contract_title;
  std::string disposition;   // what was done: 廃棄, 消去 or 返還 (then the document is a 返還報告書)
  std::string method;        // e.g. "NIST SP 800-88 Purge（暗号化消去）" or the city's own wording
  std::string performed;     // 実施日, e.g. 令和8年12月5日
  std::string performed_by;  // 実施者: name, and department or title
  std::string witnessed_by;  // 立会者; the row is left out when empty
  std::string instruction;   // the city's instruction it answers; the row is left out when empty
  struct Item {
    std::string asset;        // 資産番号
    std::string description;  // 名称
    std::string media;        // 媒体
    std::string note;         // 備考, e.g. 複製物
  };
  std::vector<Item> items;         // 1 to 500
  std::uint64_t ledger_index = 0;  // 台帳記録番号, printed
  std::string ledger_origin;       // printed small
  std::string verify_url;          // in the QR code and printed under it
  std::string payload;             // machine-readable verification data, printable ASCII, up to 64 KiB
};

// Renders an A4 portrait PDF in Japanese with the fonts embedded (subset), as an official
// letter: the number and date, the addressee, the title (情報資産の廃棄・消去証明書, or
// 情報資産の返還報告書 when the disposition is 返還), the issuer, the sentence citing the contract
// and the clause, then 記, the table of facts (契約, 方法, 実施日, 実施者, 立会者, 市の指示), the
// table of assets (No., 資産番号, 名称, 媒体, 備考; continued on the following pages under its
// heading row), 以上, and the ledger block at the foot of the last page. Refuses
// (ErrorKind::Invalid, codes "disposal_certificate.*") text that is not UTF-8, over-long fields,
// no items or more than 500, and a payload that is not printable ASCII or longer than 64 KiB.
Result<std::string> render_disposal_certificate_pdf(const DisposalCertificate& c);

// The title it prints: 情報資産の廃棄・消去証明書, or 情報資産の返還報告書 for a return.
std::string_view disposal_certificate_title(const DisposalCertificate& c);

// The payload embedded by render_disposal_certificate_pdf; "disposal_certificate.no_payload"
// (ErrorKind::Invalid) when the file is not a 廃棄・消去証明書 made by itaku.
Result<std::string> extract_disposal_certificate_payload(std::string_view pdf);

}  // namespace itaku::documents
