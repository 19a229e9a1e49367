<!DOCTYPE html>
<!-- SYNTHETIC backfill fixture (not a capture): page 2 of a MOFA-style list.do board,
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
          <td>8</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330096.html" onclick="f_view('330096');return false;">ROK-Germany Cyber Dialogue Held in Berlin</a></div></td>
          <td><div>2024-10-08</div></td>
        </tr>
        <tr>
          <td>7</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330095.html" onclick="f_view('330095');return false;">Statement on the Humanitarian Situation in the Region</a></div></td>
          <td><div>2024-09-26</div></td>
        </tr>
        <tr>
          <td>6</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330094.html" onclick="f_view('330094');return false;">Korea Contributes to Global Health Fund Replenishment</a></div></td>
          <td><div>2024-09-12</div></td>
        </tr>
        <tr>
          <td>5</td>
          <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/backfill/view-330093.html" onclick="f_view('330093');return false;">Director-General Meets Counterpart on Consular Affairs</a></div></td>
          <td><div>2024-08-29</div></td>
        </tr>
      </tbody>
    </table>
    <div class="paging"><a href="page-1.do">1</a> <strong>2</strong> <a href="page-3.do">3</a> <a class="next" href="page-3.do">Next</a></div>
  </div>
</div>
</body>
</html>
