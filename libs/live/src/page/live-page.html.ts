/** The live shop page: a stock board, the low-stock alerts and an order feed, all pushed over /live. */
export const LIVE_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shopstream live</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2330; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  h2 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
  #status { font-size: .85rem; color: #5b6475; }
  #status[data-state="open"] { color: #1f7a3d; }
  main { display: grid; grid-template-columns: 2fr 1fr; gap: 2rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: right; padding: .2rem .5rem; border-bottom: 1px solid #e3e6ec; }
  th:first-child, td:first-child { text-align: left; }
  tr.low td { color: #a8321d; }
  tr.changed { animation: flash 1.2s ease-out; }
  @keyframes flash { from { background: #fff3b0; } to { background: transparent; } }
  ul { list-style: none; padding: 0; margin: 0; }
  li { padding: .2rem 0; border-bottom: 1px solid #eef0f4; }
  form { display: flex; gap: .5rem; margin-bottom: .5rem; }
</style>
</head>
<body>
<h1>Shopstream live</h1>
<div id="status" data-state="connecting">connecting…</div>
<main>
  <section>
    <h2>Stock board</h2>
    <table>
      <thead><tr><th>SKU</th><th>On hand</th><th>Reserved</th><th>Available</th><th>Threshold</th></tr></thead>
      <tbody id="board"></tbody>
    </table>
  </section>
  <section>
    <h2>Low-stock alerts</h2>
    <ul id="alerts"></ul>
    <h2>Orders</h2>
    <form id="follow"><input id="order-id" placeholder="order id" required><button>Follow</button></form>
    <ul id="orders"></ul>
  </section>
</main>
<script src="/live/page.js"></script>
</body>
</html>
`;
