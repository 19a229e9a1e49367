<!DOCTYPE html>
<!-- SYNTHETIC backfill fixture (not a capture): page 4 of a MOFA-style list.do board,
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
        <tr><td colspan="3" class="nodata">No data.</td></tr>
      </tbody>
    </table>
    <div class="paging"></div>
  </div>
</div>
</body>
</html>
