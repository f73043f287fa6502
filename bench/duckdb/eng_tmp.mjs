import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const f = process.argv[2];
await con.run(`CREATE TABLE events AS SELECT * FROM read_csv('${f}', header=true, columns={'user_id':'VARCHAR','ts':'TIMESTAMP','event':'VARCHAR','campaign_id':'VARCHAR','message_id':'VARCHAR','amount':'DECIMAL(18,2)','category':'VARCHAR'})`);
const V = {
 A_msg_all: `WITH msg AS (SELECT campaign_id, user_id, coalesce(message_id, '') AS message_id,
           count(*) FILTER (WHERE event = 'Notification Sent') AS sent,
           count(*) FILTER (WHERE event IN ('Notification Delivered', 'Push Impressions')) AS delivered,
           count(*) FILTER (WHERE event = 'Notification Viewed') AS viewed,
           count(*) FILTER (WHERE event = 'Notification Clicked') AS clicked
    FROM events WHERE campaign_id IS NOT NULL AND event IN ('Notification Sent', 'Notification Delivered', 'Push Impressions', 'Notification Viewed', 'Notification Clicked') GROUP BY ALL)
    SELECT campaign_id, sum(sent), sum(delivered), sum(viewed), sum(clicked), count(*) FILTER (WHERE delivered > 0), count(*) FILTER (WHERE clicked > 0) FROM msg GROUP BY campaign_id`,
 B_split: `WITH counts AS (SELECT campaign_id,
           count(*) FILTER (WHERE event = 'Notification Sent') AS sent,
           count(*) FILTER (WHERE event IN ('Notification Delivered', 'Push Impressions')) AS delivered,
           count(*) FILTER (WHERE event = 'Notification Viewed') AS viewed,
           count(*) FILTER (WHERE event = 'Notification Clicked') AS clicked
     FROM events WHERE campaign_id IS NOT NULL GROUP BY campaign_id),
   msg AS (SELECT campaign_id, user_id, message_id, bool_or(event <> 'Notification Clicked') AS d, bool_or(event = 'Notification Clicked') AS c
     FROM events WHERE campaign_id IS NOT NULL AND event IN ('Notification Delivered', 'Push Impressions', 'Notification Clicked') GROUP BY ALL),
   m2 AS (SELECT campaign_id, count(*) FILTER (WHERE d) dm, count(*) FILTER (WHERE c) cm FROM msg GROUP BY campaign_id)
   SELECT * FROM counts LEFT JOIN m2 USING (campaign_id)`,
 C_distinct: `SELECT campaign_id,
           count(*) FILTER (WHERE event = 'Notification Sent') AS sent,
           count(*) FILTER (WHERE event IN ('Notification Delivered', 'Push Impressions')) AS delivered,
           count(*) FILTER (WHERE event = 'Notification Viewed') AS viewed,
           count(*) FILTER (WHERE event = 'Notification Clicked') AS clicked,
           count(DISTINCT (user_id, message_id)) FILTER (WHERE event IN ('Notification Delivered', 'Push Impressions')) dm,
           count(DISTINCT (user_id, message_id)) FILTER (WHERE event = 'Notification Clicked') cm
     FROM events WHERE campaign_id IS NOT NULL GROUP BY campaign_id`,
 D_split_sep: `WITH counts AS (SELECT campaign_id,
           count(*) FILTER (WHERE event = 'Notification Sent') AS sent,
           count(*) FILTER (WHERE event IN ('Notification Delivered', 'Push Impressions')) AS delivered,
           count(*) FILTER (WHERE event = 'Notification Viewed') AS viewed,
           count(*) FILTER (WHERE event = 'Notification Clicked') AS clicked
     FROM events WHERE campaign_id IS NOT NULL GROUP BY campaign_id),
   dmsg AS (SELECT campaign_id, count(*) dm FROM (SELECT DISTINCT campaign_id, user_id, message_id FROM events WHERE campaign_id IS NOT NULL AND event IN ('Notification Delivered', 'Push Impressions')) GROUP BY campaign_id),
   cmsg AS (SELECT campaign_id, count(*) cm FROM (SELECT DISTINCT campaign_id, user_id, message_id FROM events WHERE campaign_id IS NOT NULL AND event = 'Notification Clicked') GROUP BY campaign_id)
   SELECT * FROM counts LEFT JOIN dmsg USING (campaign_id) LEFT JOIN cmsg USING (campaign_id)`,
};
const res = {};
for (const [k, sql] of Object.entries(V)) { const ts=[]; for (let i=0;i<3;i++){ const t = performance.now(); const r = await con.runAndReadAll(sql + ' ORDER BY 1'); ts.push(performance.now()-t); if(i==0) res[k]=JSON.stringify(r.getRows().map(x=>x.map(String))); } console.log(k, ts.map(x=>x.toFixed(0)).join(' ')); }
console.log('A==B', res.A_msg_all===res.B_split, 'A==C', res.A_msg_all===res.C_distinct, 'A==D', res.A_msg_all===res.D_split_sep);
