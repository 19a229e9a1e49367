<!DOCTYPE html>
<!-- SYNTHETIC backfill fixture (not a capture): page 3 of a MOFA-style list.do board,
     built from the documented structure (sources.md §2.2) for tests of `cyberwatch backfill`.
     The real board paginates with list.do?page=N; the fixture server ignores query strings, so
     pages are separate files here. See PROVENANCE.md in this folder. -->
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>Press Releases | Ministry of Foreign Affairs, Republic of Korea</title>
</head>
<body>
<div id="contents">
  <h3 class="tit">Press Releases</h3>
  <div class="board_list">
    <table>
      <caption>Press Releases: No., Title, Date</caption>
      <thead>
        <tr><th scope="col">No.</th><th scope="col">Title</th><th scope="col">Date</th></tr>
      </thead>
      <tbody>
        <tr>
          <td>4</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330092.html" onclick="f_view('330092');return false;">Korea and Canada Discuss Energy Security Cooperation</a></div></td>
          <td><div>2024-08-14</div></td>
        </tr>
        <tr>
          <td>3</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330091.html" onclick="f_view('330091');return false;">ROK-Japan Working-Level Consultation on Cybersecurity</a></div></td>
          <td><div>2024-07-31</div></td>
        </tr>
        <tr>
          <td>2</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330090.html" onclick="f_view('330090');return false;">Foreign Ministry Holds Briefing for Diplomatic Corps</a></div></td>
          <td><div>2024-07-17</div></td>
        </tr>
        <tr>
          <td>1</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330089.html" onclick="f_view('330089');return false;">Korea Joins Statement on Freedom of Navigation</a></div></td>
          <td><div>2024-07-03</div></td>
        </tr>
      </tbody>
    </table>
    <div class="paging"><a href="page-1.do">1</a> <a href="page-2.do">2</a> <strong>3</strong></div>
  </div>
</div>
</body>
</html>
