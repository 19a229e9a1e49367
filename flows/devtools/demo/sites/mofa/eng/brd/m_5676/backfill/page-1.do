<!DOCTYPE html>
<!-- SYNTHETIC backfill fixture (not a capture): page 1 of a MOFA-style list.do board,
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
          <td>12</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330100.html" onclick="f_view('330100');return false;">Foreign Minister Meets Visiting Delegation from the Nordic Countries</a></div></td>
          <td><div>2024-11-20</div></td>
        </tr>
        <tr>
          <td>11</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330099.html" onclick="f_view('330099');return false;">ROK and Australia Hold 3rd Cyber Policy Consultation</a></div></td>
          <td><div>2024-11-12</div></td>
        </tr>
        <tr>
          <td>10</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330098.html" onclick="f_view('330098');return false;">Korea Hosts Regional Workshop on Maritime Safety</a></div></td>
          <td><div>2024-10-30</div></td>
        </tr>
        <tr>
          <td>9</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330097.html" onclick="f_view('330097');return false;">Vice Minister Attends Development Cooperation Forum</a></div></td>
          <td><div>2024-10-21</div></td>
        </tr>
      </tbody>
    </table>
    <div class="paging"><strong>1</strong> <a href="page-2.do">2</a> <a href="page-3.do">3</a> <a class="next" href="page-2.do">Next</a></div>
  </div>
</div>
</body>
</html>
