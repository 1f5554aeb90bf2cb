<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Column</name>
    <message>
        <source>Count</source>
        <translation>盘点单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Blind</source>
        <translation>盲盘</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>盘点人</translation>
    </message>
    <message>
        <source>Bins begun</source>
        <translation>已开始库位</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>已盘</translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation>创建时间 (UTC)</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>账面数</translation>
    </message>
    <message>
        <source>Moved since</source>
        <translation>其间变动</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Value at cost</source>
        <translation>成本金额</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签数</translation>
    </message>
    <message>
        <source>To</source>
        <translation>发往</translation>
    </message>
    <message>
        <source>Reprint of</source>
        <translation>重打自</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Placed (UTC)</source>
        <translation>下单时间 (UTC)</translation>
    </message>
    <message>
        <source>Linked by</source>
        <translation>关联方式</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>缺口</translation>
    </message>
    <message>
        <source>Open demand</source>
        <translation>未结需求</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Profit (historic CLV)</source>
        <translation>利润（历史 CLV）</translation>
    </message>
    <message>
        <source>Predicted CLV</source>
        <translation>预测 CLV</translation>
    </message>
    <message>
        <source>First order</source>
        <translation>首单</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最近一单</translation>
    </message>
    <message>
        <source>Avg. days between</source>
        <translation>平均间隔天数</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>广告活动</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>花费</translation>
    </message>
    <message>
        <source>Clicks</source>
        <translation>点击</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Revenue goal</source>
        <translation>销售目标</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>净销售额</translation>
    </message>
    <message>
        <source>Of goal</source>
        <translation>达成率</translation>
    </message>
    <message>
        <source>Profit goal</source>
        <translation>利润目标</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Ads</source>
        <translation>广告</translation>
    </message>
    <message>
        <source>Converted</source>
        <translation>换算</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>On</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退货单</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>已过天数</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>单据号</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结余</translation>
    </message>
    <message>
        <source>Store SKU</source>
        <translation>店铺 SKU</translation>
    </message>
    <message>
        <source>Our SKU</source>
        <translation>我方 SKU</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Buffer</source>
        <translation>安全库存</translation>
    </message>
    <message>
        <source>Store may sell</source>
        <translation>店铺可售</translation>
    </message>
    <message>
        <source>Committed in store</source>
        <translation>店铺已占用</translation>
    </message>
    <message>
        <source>SKUs</source>
        <translation>SKU 数</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已占用</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>All bins avail.</source>
        <translation>全部库位可用</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation>补货点</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>售价</translation>
    </message>
    <message>
        <source>Order count</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>平台费用</translation>
    </message>
    <message>
        <source>Cost of goods</source>
        <translation>商品成本</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
    <message>
        <source>Profit</source>
        <translation>利润</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>利润率</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Orders today</source>
        <translation>今日订单</translation>
    </message>
    <message>
        <source>Sales today</source>
        <translation>今日销售额</translation>
    </message>
    <message>
        <source>vs yesterday</source>
        <translation>较昨日</translation>
    </message>
    <message>
        <source>Profit today</source>
        <translation>今日利润</translation>
    </message>
    <message>
        <source>Month&apos;s goal</source>
        <translation>本月目标</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Payout</source>
        <translation>回款</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>回款日期</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>回款金额</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明细行数</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <source>No order</source>
        <translation>无对应订单</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>入账日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>In the bank</source>
        <translation>到账日期</translation>
    </message>
    <message>
        <source>Bank text</source>
        <translation>银行摘要</translation>
    </message>
    <message>
        <source>Matched by</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>记账日期</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Payouts</source>
        <translation>回款</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
</context>
<context>
    <name>backups.controller</name>
    <message>
        <source>Backed up {now} to {path}</source>
        <translation>已于 {now} 备份到 {path}</translation>
    </message>
    <message>
        <source>Restored from {source}</source>
        <translation>已从 {source} 恢复</translation>
    </message>
    <message>
        <source>Backup failed: {exc}</source>
        <translation>备份失败：{exc}</translation>
    </message>
</context>
<context>
    <name>backups.dialog</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Database: {label}</source>
        <translation>数据库：{label}</translation>
    </message>
    <message>
        <source>A folder on a USB stick or in a cloud folder (Dropbox, OneDrive, iCloud Drive) keeps backups off this PC.</source>
        <translation>选择 U 盘上的文件夹或云盘文件夹（Dropbox、OneDrive、iCloud Drive），备份就不只存在这台电脑上。</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source> backups</source>
        <translation> 个备份</translation>
    </message>
    <message>
        <source>Back up &amp;automatically: when Backroom starts and every day</source>
        <translation>自动备份(&amp;A)：Backroom 启动时及每天一次</translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation>保存设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Keep the newest:</source>
        <translation>保留最新的(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore selected…</source>
        <translation>恢复所选(&amp;R)…</translation>
    </message>
    <message>
        <source>Restore from &amp;file…</source>
        <translation>从文件恢复(&amp;F)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Backups in the folder (newest first; Enter restores one):</source>
        <translation>文件夹中的备份（最新在前；按回车恢复所选）：</translation>
    </message>
    <message>
        <source>{taken_at}    {name}    {size:,.1f} MB</source>
        <translation>{taken_at}    {name}    {size:,.1f} MB</translation>
    </message>
    <message>
        <source>Last backup: {taken_at} — {path}</source>
        <translation>上次备份：{taken_at} — {path}</translation>
    </message>
    <message>
        <source>No backup in {folder} yet.</source>
        <translation>{folder} 中还没有备份。</translation>
    </message>
    <message>
        <source>Working… (you can keep using Backroom)</source>
        <translation>处理中…（可以继续使用 Backroom）</translation>
    </message>
    <message>
        <source>Folder for backups</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Choose a folder for the backups.</source>
        <translation>请选择备份文件夹。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Backed up to {path} ({size:,.1f} MB, {seconds:.1f} s).</source>
        <translation>已备份到 {path}（{size:,.1f} MB，用时 {seconds:.1f} 秒）。</translation>
    </message>
    <message>
        <source>Choose a backup in the list, or Restore from file….</source>
        <translation>请在列表中选择一个备份，或使用“从文件恢复…”。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Backroom backups (*.sqlite3 *.sqlite *.db *.dump *.backup);;All files (*)</source>
        <translation>Backroom 备份 (*.sqlite3 *.sqlite *.db *.dump *.backup);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Replace all of the store&apos;s data with the backup
{backup}?

Everything done since that backup is set aside: a copy of the data as it is now is kept first. Other windows and stations must be closed.</source>
        <translation>用备份
{backup}
替换店铺的全部数据吗？

该备份之后的所有操作都会被搁置：会先保留一份当前数据的副本。其他窗口和工作台必须先关闭。</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source> The data as it was is kept in {safety_copy}.</source>
        <translation> 恢复前的数据保存在 {safety_copy}。</translation>
    </message>
    <message>
        <source>Restored from {source}.{kept} The window reloads with the restored data.</source>
        <translation>已从 {source} 恢复。{kept} 窗口将以恢复后的数据重新加载。</translation>
    </message>
</context>
<context>
    <name>common.access</name>
    <message>
        <source>not a user</source>
        <translation>非用户</translation>
    </message>
    <message>
        <source>{user} ({role}) may not {what}; ask the owner or a supervisor.</source>
        <translation>{user}（{role}）无权{what}；请联系店主或主管。</translation>
    </message>
    <message>
        <source>{user} ({role}) may not {what}; only an owner may.</source>
        <translation>{user}（{role}）无权{what}；只有店主可以。</translation>
    </message>
</context>
<context>
    <name>common.crash</name>
    <message>
        <source>Backroom: something went wrong</source>
        <translation>Backroom：出错了</translation>
    </message>
    <message>
        <source> The details are also in {log_path}.</source>
        <translation> 详细信息也记录在 {log_path}。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{summary}&lt;/b&gt;&lt;br&gt;&lt;br&gt;What you were doing was stopped and nothing of it was saved half-way.{where} If it happens again, send the details to whoever looks after Backroom.</source>
        <translation>&lt;b&gt;{summary}&lt;/b&gt;&lt;br&gt;&lt;br&gt;刚才的操作已中止，没有保存任何半途的数据。{where}如果再次发生，请把详细信息发给负责维护 Backroom 的人。</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>复制详细信息(&amp;C)</translation>
    </message>
    <message>
        <source>An unexpected error stopped Backroom&apos;s last step ({__name__}).</source>
        <translation>意外错误中止了 Backroom 的上一步操作（{__name__}）。</translation>
    </message>
</context>
<context>
    <name>common.empty_state</name>
    <message>
        <source>Nothing matches the search or filters.</source>
        <translation>没有符合搜索或筛选条件的内容。</translation>
    </message>
</context>
<context>
    <name>common.feedback_sounds</name>
    <message>
        <source>Sound is off: the audio library is missing ({exc}).</source>
        <translation>声音已关闭：缺少音频库（{exc}）。</translation>
    </message>
    <message>
        <source>Sound is off: this computer has no audio output.</source>
        <translation>声音已关闭：这台电脑没有音频输出。</translation>
    </message>
    <message>
        <source>Sound file missing: {path}</source>
        <translation>缺少声音文件：{path}</translation>
    </message>
</context>
<context>
    <name>common.i18n</name>
    <message>
        <source>ddd d MMM yyyy, HH:mm</source>
        <translation>yyyy年M月d日 ddd HH:mm</translation>
    </message>
</context>
<context>
    <name>common.keyboard_layouts</name>
    <message>
        <source>a US-layout scanner typing into a German (QWERTZ) keyboard layout</source>
        <translation>美式键盘布局的扫描枪输入到德语 (QWERTZ) 键盘布局</translation>
    </message>
    <message>
        <source>set the scanner&apos;s keyboard country to German (scan its &apos;Germany&apos; setup code), or switch this PC&apos;s layout to US</source>
        <translation>把扫描枪的键盘国家设为德国（扫描其“Germany”设置码），或把这台电脑的键盘布局切换为美式</translation>
    </message>
    <message>
        <source>a German-layout (QWERTZ) scanner typing into a US keyboard layout</source>
        <translation>德语 (QWERTZ) 布局的扫描枪输入到美式键盘布局</translation>
    </message>
    <message>
        <source>set the scanner&apos;s keyboard country to US, or switch this PC&apos;s layout to German</source>
        <translation>把扫描枪的键盘国家设为美国，或把这台电脑的键盘布局切换为德语</translation>
    </message>
    <message>
        <source>a US-layout scanner typing into a French (AZERTY) keyboard layout</source>
        <translation>美式键盘布局的扫描枪输入到法语 (AZERTY) 键盘布局</translation>
    </message>
    <message>
        <source>set the scanner&apos;s keyboard country to France (scan its &apos;France&apos; setup code), or switch this PC&apos;s layout to US</source>
        <translation>把扫描枪的键盘国家设为法国（扫描其“France”设置码），或把这台电脑的键盘布局切换为美式</translation>
    </message>
    <message>
        <source>&apos;{evidence}&apos; cannot be in a barcode</source>
        <translation>条码中不可能出现“{evidence}”</translation>
    </message>
    <message>
        <source>it only reads as a code when the keys are put back</source>
        <translation>按键还原后才能读成有效条码</translation>
    </message>
    <message>
        <source>Looks like {name} ({why}): the scanner most likely meant {meant!r}, not {shown!r}. To fix it, {fix}.</source>
        <translation>看起来是{name}（{why}）：扫描枪实际想输入的很可能是 {meant!r}，而不是 {shown!r}。解决办法：{fix}。</translation>
    </message>
</context>
<context>
    <name>common.pdf_view</name>
    <message>
        <source>The PDF could not be read ({error}).</source>
        <translation>无法读取该 PDF（{error}）。</translation>
    </message>
    <message>
        <source>The printer could not start the job.</source>
        <translation>打印机无法开始打印任务。</translation>
    </message>
</context>
<context>
    <name>common.scanner_settings</name>
    <message>
        <source>Scanner and station set-up</source>
        <translation>扫描枪与工作台设置</translation>
    </message>
    <message>
        <source>Longest pause between two keys of one scan: about 35 ms for cabled scanners, 60-80 ms for slow Bluetooth ones.</source>
        <translation>一次扫描中两个按键之间的最长间隔：有线扫描枪约 35 ms，较慢的蓝牙扫描枪 60-80 ms。</translation>
    </message>
    <message>
        <source>USB keyboard scanner (no serial port)</source>
        <translation>USB 键盘式扫描枪（无串口）</translation>
    </message>
    <message>
        <source>{serial_port} (not connected)</source>
        <translation>{serial_port}（未连接）</translation>
    </message>
    <message>
        <source>Complete the order on its last item</source>
        <translation>扫完最后一件商品即完成订单</translation>
    </message>
    <message>
        <source>folder for packing slip PDFs (empty: none)</source>
        <translation>装箱单 PDF 保存文件夹（留空：不保存）</translation>
    </message>
    <message>
        <source>None: no label at the last scan</source>
        <translation>无：最后一次扫描时不打印面单</translation>
    </message>
    <message>
        <source>{label_printer} (no longer set up)</source>
        <translation>{label_printer}（已不再设置）</translation>
    </message>
    <message>
        <source>The order&apos;s label (its carrier label if one was imported, else an address label) goes here when the order is complete. Printers are set up in Labels.</source>
        <translation>订单完成时在这里打印订单面单（已导入物流面单则打印物流面单，否则打印地址标签）。打印机在“标签”中设置。</translation>
    </message>
    <message>
        <source>scan any barcode here to test the scanner</source>
        <translation>在这里扫描任意条码来测试扫描枪</translation>
    </message>
    <message>
        <source>Scanner &amp;test page… (Ctrl+T)</source>
        <translation>扫描枪测试页(&amp;T)… (Ctrl+T)</translation>
    </message>
    <message>
        <source>See what the scanner really sends: every character (GS, Tab, Enter), the time between keys, prefix, suffix, keyboard layout, and how it is read.</source>
        <translation>查看扫描枪实际发送的内容：每个字符（GS、Tab、Enter）、按键间隔、前缀、后缀、键盘布局，以及读取结果。</translation>
    </message>
    <message>
        <source>Key gap</source>
        <translation>按键间隔</translation>
    </message>
    <message>
        <source>Prefix character</source>
        <translation>前缀字符</translation>
    </message>
    <message>
        <source>Shortest scan</source>
        <translation>最短扫描长度</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Packing slips</source>
        <translation>装箱单</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>面单打印机</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Read as {kind}: {value}</source>
        <translation>识别为 {kind}：{value}</translation>
    </message>
    <message>
        <source>{exc} If it looks garbled, set the scanner to the same keyboard layout as this PC.</source>
        <translation>{exc} 如果看起来是乱码，请把扫描枪设置为与这台电脑相同的键盘布局。</translation>
    </message>
</context>
<context>
    <name>common.scanner_test</name>
    <message>
        <source>&lt;span style=&apos;color:#888&apos;&gt;&amp;#x2423;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#888&apos;&gt;&amp;#x2423;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#c00&apos;&gt;{ch}&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#c00&apos;&gt;{ch}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>key {key:#x}</source>
        <translation>按键 {key:#x}</translation>
    </message>
    <message>
        <source>Click here (or keep the focus here) and scan a barcode.</source>
        <translation>点击这里（或保持焦点在这里），然后扫描条码。</translation>
    </message>
    <message>
        <source>Ready: scan a barcode now.</source>
        <translation>就绪：现在请扫描条码。</translation>
    </message>
    <message>
        <source>Not listening: click here (or press Tab) before scanning.</source>
        <translation>未在接收：扫描前请先点击这里（或按 Tab）。</translation>
    </message>
    <message>
        <source>Scanner test</source>
        <translation>扫描枪测试</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送内容</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Gap (ms)</source>
        <translation>间隔 (ms)</translation>
    </message>
    <message>
        <source>Prefix / suffix</source>
        <translation>前缀 / 后缀</translation>
    </message>
    <message>
        <source>Key timing</source>
        <translation>按键节奏</translation>
    </message>
    <message>
        <source>Keyboard layout</source>
        <translation>键盘布局</translation>
    </message>
    <message>
        <source>Backroom reads</source>
        <translation>Backroom 识别结果</translation>
    </message>
    <message>
        <source>Scan any barcode: you see exactly what the scanner typed and how Backroom reads it. Nothing is changed. Esc closes.</source>
        <translation>扫描任意条码：可以看到扫描枪实际输入的内容以及 Backroom 如何识别。不会修改任何数据。按 Esc 关闭。</translation>
    </message>
    <message>
        <source> &lt;i&gt;then {suffix}&lt;/i&gt;</source>
        <translation> &lt;i&gt;然后是 {suffix}&lt;/i&gt;</translation>
    </message>
    <message>
        <source>No sign of a layout mix-up.</source>
        <translation>未发现键盘布局错配。</translation>
    </message>
    <message>
        <source>Product: not looked up here (open this page from Pick &amp; Pack)</source>
        <translation>商品：此处不查询（请从“拣货打包”打开此页）</translation>
    </message>
    <message>
        <source>prefix character {prefix} (as set up)</source>
        <translation>前缀字符 {prefix}（按设置）</translation>
    </message>
    <message>
        <source>symbology identifier {ident} ({symbology_name})</source>
        <translation>码制标识 {ident}（{symbology_name}）</translation>
    </message>
    <message>
        <source>no symbology identifier (the scanner sends only the data)</source>
        <translation>无码制标识（扫描枪只发送数据）</translation>
    </message>
    <message>
        <source>ends with {suffix}</source>
        <translation>以 {suffix} 结尾</translation>
    </message>
    <message>
        <source>no suffix: the scan ended with a pause. Set the scanner to send Enter after each scan</source>
        <translation>无后缀：扫描以停顿结束。请把扫描枪设置为每次扫描后发送 Enter</translation>
    </message>
    <message>
        <source>This PC types with a {languageToString} ({territoryToString}) keyboard. </source>
        <translation>这台电脑使用 {languageToString}（{territoryToString}）键盘。</translation>
    </message>
    <message>
        <source> Read that way it is {sku} {name}.</source>
        <translation> 按此读取为 {sku} {name}。</translation>
    </message>
    <message>
        <source>One key only: nothing to time.</source>
        <translation>只有一个按键：无法计时。</translation>
    </message>
    <message>
        <source>{gaps} keys in {total:.0f} ms: median gap {middle:.0f} ms, longest {longest:.0f} ms. </source>
        <translation>{total:.0f} ms 内 {gaps} 个按键：间隔中位数 {middle:.0f} ms，最长 {longest:.0f} ms。</translation>
    </message>
    <message>
        <source>A scanner: every gap is within this PC&apos;s key gap of {max_gap_ms:.0f} ms, so Backroom takes it as a scan.</source>
        <translation>是扫描枪：所有间隔都在本机按键间隔 {max_gap_ms:.0f} ms 以内，Backroom 会把它当作扫描。</translation>
    </message>
    <message>
        <source>Scanner speed, but one pause of {longest:.0f} ms is longer than the key gap of {max_gap_ms:.0f} ms (a Bluetooth scanner may pause): set Key gap to about {longest2:.0f} ms, or the scan is taken as typing.</source>
        <translation>速度像扫描枪，但有一次 {longest:.0f} ms 的停顿超过了按键间隔 {max_gap_ms:.0f} ms（蓝牙扫描枪可能会停顿）：请把按键间隔设为约 {longest2:.0f} ms，否则扫描会被当作手动输入。</translation>
    </message>
    <message>
        <source>Typing speed: the gaps are longer than the key gap of {max_gap_ms:.0f} ms, so Backroom takes this as a person typing, not a scan.</source>
        <translation>手动输入速度：间隔超过按键间隔 {max_gap_ms:.0f} ms，Backroom 会把它当作人工输入，而不是扫描。</translation>
    </message>
</context>
<context>
    <name>common.serial_scanner</name>
    <message>
        <source>Cannot open scanner port {port_name}: {errorString}</source>
        <translation>无法打开扫描枪端口 {port_name}：{errorString}</translation>
    </message>
    <message>
        <source>Scanner port problem: {errorString}</source>
        <translation>扫描枪端口出错：{errorString}</translation>
    </message>
</context>
<context>
    <name>common.station_prefs</name>
    <message>
        <source>grams (g)</source>
        <translation>克 (g)</translation>
    </message>
    <message>
        <source>kilograms (kg)</source>
        <translation>千克 (kg)</translation>
    </message>
    <message>
        <source>ounces (oz)</source>
        <translation>盎司 (oz)</translation>
    </message>
    <message>
        <source>pounds (lb)</source>
        <translation>磅 (lb)</translation>
    </message>
    <message>
        <source>centimetres (cm)</source>
        <translation>厘米 (cm)</translation>
    </message>
    <message>
        <source>millimetres (mm)</source>
        <translation>毫米 (mm)</translation>
    </message>
    <message>
        <source>inches (in)</source>
        <translation>英寸 (in)</translation>
    </message>
    <message>
        <source>as the language writes it</source>
        <translation>按所选语言的习惯</translation>
    </message>
</context>
<context>
    <name>counts.overview</name>
    <message>
        <source>blind</source>
        <translation>盲盘</translation>
    </message>
    <message>
        <source>Chosen bins</source>
        <translation>指定库位</translation>
    </message>
    <message>
        <source>Bins, comma-separated (e.g. A-01-1, A-01-2)</source>
        <translation>库位，用逗号分隔（如 A-01-1, A-01-2）</translation>
    </message>
    <message>
        <source>Chosen products</source>
        <translation>指定商品</translation>
    </message>
    <message>
        <source>SKUs or barcodes, comma-separated</source>
        <translation>SKU 或条码，用逗号分隔</translation>
    </message>
    <message>
        <source>Full count (every bin)</source>
        <translation>全盘（所有库位）</translation>
    </message>
    <message>
        <source>Cycle: ABC class A (sales value, 90 days)</source>
        <translation>循环盘点：ABC 分类 A 类（按 90 天销售额）</translation>
    </message>
    <message>
        <source>Cycle: bins not counted in N days</source>
        <translation>循环盘点：N 天内未盘过的库位</translation>
    </message>
    <message>
        <source>Cycle: N bins per day</source>
        <translation>循环盘点：每天 N 个库位</translation>
    </message>
    <message>
        <source>New stock count</source>
        <translation>新建盘点</translation>
    </message>
    <message>
        <source>Blind: counters do not see the expected quantity</source>
        <translation>盲盘：盘点人看不到账面数量</translation>
    </message>
    <message>
        <source>who counts (optional)</source>
        <translation>盘点人（可选）</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>盘点方式</translation>
    </message>
    <message>
        <source>Bins / products</source>
        <translation>库位 / 商品</translation>
    </message>
    <message>
        <source>N (days or bins)</source>
        <translation>N（天数或库位数）</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>指派给</translation>
    </message>
    <message>
        <source>&amp;New count…</source>
        <translation>新建盘点(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Count (scan)</source>
        <translation>盘点（扫描）(&amp;C)</translation>
    </message>
    <message>
        <source>Re&amp;view / post</source>
        <translation>审核 / 过账(&amp;V)</translation>
    </message>
    <message>
        <source>Print &amp;sheet…</source>
        <translation>打印盘点表(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Import counts CSV…</source>
        <translation>导入盘点 CSV(&amp;I)…</translation>
    </message>
    <message>
        <source>Count sheet</source>
        <translation>盘点表</translation>
    </message>
    <message>
        <source>Import counts</source>
        <translation>导入盘点</translation>
    </message>
    <message>
        <source>Nothing was imported. {exc}</source>
        <translation>未导入任何数据。{exc}</translation>
    </message>
    <message>
        <source>Imported {rows} row(s): {lines} line(s), {units} unit(s) counted.</source>
        <translation>已导入 {rows} 行：{lines} 条明细，共盘点 {units} 件。</translation>
    </message>
</context>
<context>
    <name>counts.posting_dialogs</name>
    <message>
        <source>{reference}: lines never scanned</source>
        <translation>{reference}：从未扫描的明细</translation>
    </message>
    <message>
        <source>&lt;b&gt;{lines} line(s) in bins that were begun were never scanned&lt;/b&gt; — {units} unit(s)</source>
        <translation>&lt;b&gt;已开始盘点的库位中有 {lines} 条明细从未扫描&lt;/b&gt; — 共 {units} 件</translation>
    </message>
    <message>
        <source>, {value} at cost</source>
        <translation>，成本金额 {value}</translation>
    </message>
    <message>
        <source>. What should the posting do with them?</source>
        <translation>。过账时如何处理它们？</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>账面数</translation>
    </message>
    <message>
        <source>Value at cost</source>
        <translation>成本金额</translation>
    </message>
    <message>
        <source>Count as &amp;zero (write them off)</source>
        <translation>按 0 计（报损）(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Leave them out (stock stays)</source>
        <translation>排除在外（库存不变）(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Keep counting</source>
        <translation>继续盘点(&amp;K)</translation>
    </message>
    <message>
        <source>Posts them as counted 0: their stock is written off.</source>
        <translation>按盘点数为 0 过账：其库存将被报损。</translation>
    </message>
    <message>
        <source>Their stock stays as it is; they are marked not counted.</source>
        <translation>库存保持不变；标记为未盘点。</translation>
    </message>
    <message>
        <source>Post {reference}</source>
        <translation>过账 {reference}</translation>
    </message>
    <message>
        <source>, &lt;b&gt;{values}&lt;/b&gt; at cost</source>
        <translation>，成本金额 &lt;b&gt;{values}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Post {reference}?&lt;/b&gt; A posted count can then only be reversed.</source>
        <translation>&lt;b&gt;过账 {reference}？&lt;/b&gt;过账后只能冲销。</translation>
    </message>
    <message>
        <source>Written on (found): &lt;b&gt;+{units_on}&lt;/b&gt; unit(s)</source>
        <translation>盘盈：&lt;b&gt;+{units_on}&lt;/b&gt; 件</translation>
    </message>
    <message>
        <source>Written off (missing): &lt;b&gt;−{units_off}&lt;/b&gt; unit(s)</source>
        <translation>盘亏：&lt;b&gt;−{units_off}&lt;/b&gt; 件</translation>
    </message>
    <message>
        <source>{lines_changed} line(s) change.</source>
        <translation>{lines_changed} 条明细有变动。</translation>
    </message>
    <message>
        <source>counted as zero (written off)</source>
        <translation>按 0 计（报损）</translation>
    </message>
    <message>
        <source>left out (their stock stays; marked not counted)</source>
        <translation>排除在外（库存不变；标记为未盘点）</translation>
    </message>
    <message>
        <source>{unscanned} never-scanned line(s) {done}.</source>
        <translation>{unscanned} 条从未扫描的明细{done}。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#8a4b00&apos;&gt;{recount} line(s) flagged for recount:&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#8a4b00&apos;&gt;{recount} 条明细被标记为需复盘：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No line is flagged for recount.</source>
        <translation>没有需要复盘的明细。</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>supervisor&apos;s PIN, then Enter</source>
        <translation>主管 PIN 码，然后按回车</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{value} reaches the limit {limit}</source>
        <translation>{value} 达到上限 {limit}</translation>
    </message>
    <message>
        <source>&lt;b&gt;A supervisor&apos;s PIN is needed:&lt;/b&gt; {value}.</source>
        <translation>&lt;b&gt;需要主管 PIN 码：&lt;/b&gt;{value}。</translation>
    </message>
    <message>
        <source>the value reaches the approval limit</source>
        <translation>金额达到审批上限</translation>
    </message>
    <message>
        <source>&amp;Post</source>
        <translation>过账(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Type a supervisor&apos;s PIN to post, or Escape to cancel.</source>
        <translation>输入主管 PIN 码以过账，或按 Esc 取消。</translation>
    </message>
</context>
<context>
    <name>counts.review</name>
    <message>
        <source>  · recount</source>
        <translation>  · 复盘</translation>
    </message>
    <message>
        <source>Only lines with a difference or not counted</source>
        <translation>只看有差异或未盘的明细</translation>
    </message>
    <message>
        <source>&amp;Recount selected</source>
        <translation>复盘所选(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Post count</source>
        <translation>过账(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;verse posting</source>
        <translation>冲销过账(&amp;V)</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Report P&amp;DF…</source>
        <translation>PDF 报告(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Back to counts</source>
        <translation>返回盘点列表(&amp;B)</translation>
    </message>
    <message>
        <source>Review {reference} — {description} ({status})</source>
        <translation>审核 {reference} — {description}（{status}）</translation>
    </message>
    <message>
        <source>{status}: {n} line(s), {units:+d} unit(s)</source>
        <translation>{status}：{n} 条明细，{units:+d} 件</translation>
    </message>
    <message>
        <source>{bins_begun} bin(s) counted · net {net_units:+d} unit(s), {money} at cost · {flagged} line(s) flagged for recount
</source>
        <translation>已盘 {bins_begun} 个库位 · 净差 {net_units:+d} 件，成本金额 {money} · {flagged} 条明细需复盘
</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b00020&apos;&gt;{exc}&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#b00020&apos;&gt;{exc}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Posting…</source>
        <translation>正在过账…</translation>
    </message>
    <message>
        <source>, {left_out} never-scanned line(s) left out</source>
        <translation>，{left_out} 条从未扫描的明细已排除</translation>
    </message>
    <message>
        <source>, approved by {approved_by}</source>
        <translation>，由 {approved_by} 批准</translation>
    </message>
    <message>
        <source>Posted: {moves} move(s), +{units_in} / -{units_out} unit(s){extra}.
</source>
        <translation>已过账：{moves} 笔库存变动，+{units_in} / -{units_out} 件{extra}。
</translation>
    </message>
    <message>
        <source>Reverse count</source>
        <translation>冲销盘点</translation>
    </message>
    <message>
        <source>Undo this count&apos;s adjustments with reversing moves?</source>
        <translation>用反向库存变动撤销这次盘点的调整吗？</translation>
    </message>
    <message>
        <source>Export count</source>
        <translation>导出盘点</translation>
    </message>
    <message>
        <source>Count report</source>
        <translation>盘点报告</translation>
    </message>
</context>
<context>
    <name>counts.session</name>
    <message>
        <source>Counting {reference} — {description}</source>
        <translation>正在盘点 {reference} — {description}</translation>
    </message>
    <message>
        <source>Scan a bin label to start.</source>
        <translation>扫描库位标签开始。</translation>
    </message>
    <message>
        <source>Scan a bin or an item · type a code and Enter · type a number and Enter for the next scan&apos;s quantity</source>
        <translation>扫描库位或商品 · 输入编码后按回车 · 输入数字后按回车设定下一次扫描的数量</translation>
    </message>
    <message>
        <source>&amp;Done counting</source>
        <translation>盘点完成(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;All lines (count by hand)</source>
        <translation>全部明细（手动盘点）(&amp;A)</translation>
    </message>
    <message>
        <source>{counted}/{lines} counted</source>
        <translation>已盘 {counted}/{lines}</translation>
    </message>
    <message>
        <source>not begun</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>All bins</source>
        <translation>所有库位</translation>
    </message>
    <message>
        <source>Type the counted quantities; Enter goes to the next line. Scan a bin label to count by scanning again.</source>
        <translation>输入盘点数量；按回车跳到下一行。扫描库位标签可切回扫描盘点。</translation>
    </message>
    <message>
        <source>Next scan counts {pending_quantity}.</source>
        <translation>下一次扫描计为 {pending_quantity} 件。</translation>
    </message>
    <message>
        <source>{code}: scan a bin label first.</source>
        <translation>{code}：请先扫描库位标签。</translation>
    </message>
    <message>
        <source>Bin {bin}</source>
        <translation>库位 {bin}</translation>
    </message>
    <message>
        <source>Counting bin {bin}: scan its items.</source>
        <translation>正在盘点库位 {bin}：请扫描其中的商品。</translation>
    </message>
    <message>
        <source>  (found: none expected here)</source>
        <translation>  （盘盈：此处本不应有）</translation>
    </message>
    <message>
        <source>Still counting: scan a bin label, then its items.</source>
        <translation>仍在盘点：请扫描库位标签，再扫描其中的商品。</translation>
    </message>
</context>
<context>
    <name>database.connect_dialog</name>
    <message>
        <source>Connected: {database} holds a Backroom store.</source>
        <translation>已连接：{database} 是一个 Backroom 店铺数据库。</translation>
    </message>
    <message>
        <source>Connected: {database} holds a Backroom store from an older version; it is brought up to date when opened.</source>
        <translation>已连接：{database} 是旧版本 Backroom 的店铺数据库；打开时会自动升级。</translation>
    </message>
    <message>
        <source>{database} holds a store made by a newer Backroom; update Backroom on this PC to use it.</source>
        <translation>{database} 由更新版本的 Backroom 创建；请先在这台电脑上升级 Backroom 再使用。</translation>
    </message>
    <message>
        <source>Connected: {database} is empty. Set it up as a new Backroom store?</source>
        <translation>已连接：{database} 是空的。要把它设置为新的 Backroom 店铺数据库吗？</translation>
    </message>
    <message>
        <source>{database} holds tables that are not a Backroom store; choose another database.</source>
        <translation>{database} 中的数据表不属于 Backroom；请选择其他数据库。</translation>
    </message>
    <message>
        <source>The server refused the user name or password.</source>
        <translation>服务器拒绝了该用户名或密码。</translation>
    </message>
    <message>
        <source>The server has no database of that name; ask whoever runs the server to create it.</source>
        <translation>服务器上没有这个名称的数据库；请联系服务器管理员创建。</translation>
    </message>
    <message>
        <source>The server cannot be reached: check the host name, the port and that PostgreSQL is running.</source>
        <translation>无法连接服务器：请检查主机名、端口，以及 PostgreSQL 是否在运行。</translation>
    </message>
    <message>
        <source>The PostgreSQL driver is not installed.</source>
        <translation>未安装 PostgreSQL 驱动。</translation>
    </message>
    <message>
        <source>Password for the shared database</source>
        <translation>共享数据库密码</translation>
    </message>
    <message>
        <source>Password for {database}:</source>
        <translation>{database} 的密码：</translation>
    </message>
    <message>
        <source>Connect to a shared database</source>
        <translation>连接共享数据库</translation>
    </message>
    <message>
        <source>or a full URL: postgresql://user:password@host/backroom</source>
        <translation>或完整地址：postgresql://user:password@host/backroom</translation>
    </message>
    <message>
        <source>office-pc or 192.168.1.20</source>
        <translation>电脑名或 IP 地址，如 192.168.1.20</translation>
    </message>
    <message>
        <source>&amp;Remember the password on this PC</source>
        <translation>在这台电脑上记住密码(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>数据库(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>Full UR&amp;L:</source>
        <translation>完整地址(&amp;L)：</translation>
    </message>
    <message>
        <source>Fill in the server&apos;s details, then test the connection.</source>
        <translation>填写服务器信息，然后测试连接。</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Set it up as a new Backroom store</source>
        <translation>设置为新的 Backroom 店铺数据库(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Connecting to {database} …</source>
        <translation>正在连接 {database} …</translation>
    </message>
    <message>
        <source>Making a new Backroom store on {database} …</source>
        <translation>正在 {database} 上创建新的 Backroom 店铺数据库 …</translation>
    </message>
</context>
<context>
    <name>insights.chart</name>
    <message>
        <source>Profit per day</source>
        <translation>每日利润</translation>
    </message>
    <message>
        <source>ddd d MMM</source>
        <translation>M月d日</translation>
    </message>
</context>
<context>
    <name>insights.customers</name>
    <message>
        <source>champion</source>
        <translation>核心客户</translation>
    </message>
    <message>
        <source>loyal</source>
        <translation>忠实客户</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>已流失</translation>
    </message>
    <message>
        <source>predicted CLV = average profit per order x purchase frequency (shop&apos;s orders per customer per year) x expected lifespan (years); historic CLV = profit so far</source>
        <translation>预测 CLV = 每单平均利润 × 购买频次（本店每位客户每年订单数）× 预期生命周期（年）；历史 CLV = 迄今利润</translation>
    </message>
    <message>
        <source>Customers: reading…</source>
        <translation>客户：读取中…</translation>
    </message>
    <message>
        <source>Month {k}</source>
        <translation>第 {k} 月</translation>
    </message>
    <message>
        <source>Cohorts by first-order month: % of the cohort ordering in each month after</source>
        <translation>按首单月份划分的客户群：此后每个月下单客户所占百分比</translation>
    </message>
    <message>
        <source>{n} customers · repeat rate {r}% · {f} orders per customer per year · tiers: {t}</source>
        <translation>{n} 位客户 · 复购率 {r}% · 每位客户每年 {f} 单 · 等级：{t}</translation>
    </message>
    <message>
        <source>CLV: {formula}; expected lifespan {y} years. Tiers by recency and orders: champion, loyal, new, at risk, lost.</source>
        <translation>客户价值 CLV：{formula}；预期生命周期 {y} 年。等级按最近下单时间和订单数划分：核心客户、忠实客户、新客户、流失风险、已流失。</translation>
    </message>
</context>
<context>
    <name>insights.models</name>
    <message>
        <source>estimate</source>
        <translation>估算</translation>
    </message>
</context>
<context>
    <name>insights.more</name>
    <message>
        <source>outside 7–10%</source>
        <translation>超出 7–10%</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>按计划</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>全部店铺</translation>
    </message>
    <message>
        <source>Business P&amp;L in the home currency</source>
        <translation>本币计价的经营损益</translation>
    </message>
    <message>
        <source>Ad spend per campaign (import: backroom insights ads import FILE --store S)</source>
        <translation>各广告活动花费（导入：backroom insights ads import 文件 --store 店铺）</translation>
    </message>
    <message>
        <source>This month&apos;s goals</source>
        <translation>本月目标</translation>
    </message>
    <message>
        <source>Business P&amp;L in {home} (rates entered per month)</source>
        <translation>以 {home} 计价的经营损益（按每月录入的汇率）</translation>
    </message>
    <message>
        <source>Business P&amp;L: set a home currency first (backroom insights rates home EUR)</source>
        <translation>经营损益：请先设置本币（backroom insights rates home EUR）</translation>
    </message>
</context>
<context>
    <name>insights.tab</name>
    <message>
        <source>All stores</source>
        <translation>全部店铺</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>最近 90 天</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>最近 365 天</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Updating the summary: %p%</source>
        <translation>正在更新汇总：%p%</translation>
    </message>
    <message>
        <source>Ca&amp;ncel update</source>
        <translation>取消更新(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Store:</source>
        <translation>店铺(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>期间(&amp;P)：</translation>
    </message>
    <message>
        <source>Orders of a day: pick a day and press Enter</source>
        <translation>某日订单：选择一天后按 Enter</translation>
    </message>
    <message>
        <source>&amp;Profit</source>
        <translation>利润(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Ads, goals &amp;&amp; currency</source>
        <translation>广告、目标和币种(&amp;A)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} 至 {last}</translation>
    </message>
    <message>
        <source> — some figures are estimates (fees not yet paid out, or costs unknown)</source>
        <translation> — 部分数字为估算（费用尚未结算，或成本未知）</translation>
    </message>
    <message>
        <source>Orders of {store} on {day}</source>
        <translation>{store} 在 {day} 的订单</translation>
    </message>
</context>
<context>
    <name>labels.history</name>
    <message>
        <source>— not linked —</source>
        <translation>— 未关联 —</translation>
    </message>
    <message>
        <source>Nothing printed yet — what the Print page and the packing station print is listed here, ready to print again.</source>
        <translation>还没有打印记录 — “打印”页和打包台打印的内容会列在这里，可随时重新打印。</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>重新打印…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Only pages without an order</source>
        <translation>只看未关联订单的页面</translation>
    </message>
    <message>
        <source>Import label PDF…</source>
        <translation>导入面单 PDF…</translation>
    </message>
    <message>
        <source>Order number for the selected page</source>
        <translation>所选页面对应的订单号</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>关联</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>取消关联</translation>
    </message>
    <message>
        <source>{pages}: {matched} linked to their order, {unmatched} to link by hand</source>
        <translation>{pages}：{matched} 页已关联订单，{unmatched} 页需手动关联</translation>
    </message>
    <message>
        <source>, {already} imported before</source>
        <translation>，{already} 页之前已导入</translation>
    </message>
    <message>
        <source>Carrier labels</source>
        <translation>物流面单</translation>
    </message>
    <message>
        <source>Page {page} of {file_name} is for {order_number}.</source>
        <translation>{file_name} 第 {page} 页属于订单 {order_number}。</translation>
    </message>
</context>
<context>
    <name>labels.picker</name>
    <message>
        <source>Choose {source}</source>
        <translation>选择{source}</translation>
    </message>
    <message>
        <source>Filter {source}…</source>
        <translation>筛选{source}…</translation>
    </message>
</context>
<context>
    <name>labels.print_page</name>
    <message>
        <source>Shipping label</source>
        <translation>快递面单</translation>
    </message>
    <message>
        <source>Packing slip</source>
        <translation>装箱单</translation>
    </message>
    <message>
        <source>Product label</source>
        <translation>商品标签</translation>
    </message>
    <message>
        <source>Bin label</source>
        <translation>库位标签</translation>
    </message>
    <message>
        <source>Pick list</source>
        <translation>拣货单</translation>
    </message>
    <message>
        <source>System printer…</source>
        <translation>系统打印机…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop rendering or sending this batch; nothing is printed, saved or added to the history.</source>
        <translation>停止生成或发送这一批；不会打印、保存或记入历史。</translation>
    </message>
    <message>
        <source>Set return address…</source>
        <translation>设置退货地址…</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Copies of each</source>
        <translation>每个份数</translation>
    </message>
    <message>
        <source>Skip used labels</source>
        <translation>跳过已用标签</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Custom grid…</source>
        <translation>自定义排版…</translation>
    </message>
    <message>
        <source>Send to printer</source>
        <translation>发送到打印机</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Custom label grid</source>
        <translation>自定义标签排版</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Failed: {exc!r}</source>
        <translation>失败：{exc!r}</translation>
    </message>
    <message>
        <source>Cancelled: nothing was printed, saved or recorded.</source>
        <translation>已取消：没有打印、保存或记录任何内容。</translation>
    </message>
    <message>
        <source>The preview is still being updated; try again in a moment.</source>
        <translation>预览仍在更新；请稍后再试。</translation>
    </message>
    <message>
        <source>{plural} to print, {pages}.</source>
        <translation>待打印 {plural}，共 {pages}。</translation>
    </message>
    <message>
        <source>No return address is set for {join}: these labels print without a FROM. Set one in Store settings.</source>
        <translation>{join} 未设置退货地址：这些面单将没有寄件人（FROM）信息。请在店铺设置中填写。</translation>
    </message>
    <message>
        <source>Printed {pages}.</source>
        <translation>已打印 {pages}。</translation>
    </message>
    <message>
        <source>Set the return address first, or press Print again to print these labels without one.</source>
        <translation>请先设置退货地址，或再次点击“打印”，在没有退货地址的情况下打印。</translation>
    </message>
    <message>
        <source>Saved {plural} to {path}</source>
        <translation>已将 {plural} 保存到 {path}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
</context>
<context>
    <name>labels.printers</name>
    <message>
        <source>Thermal (ZPL)</source>
        <translation>热敏 (ZPL)</translation>
    </message>
    <message>
        <source>Sheet / office (PDF)</source>
        <translation>A4 纸 / 办公打印机 (PDF)</translation>
    </message>
    <message>
        <source>tcp://192.168.1.50  ·  cups:Zebra  ·  windows:ZDesigner GK420d  ·  a folder</source>
        <translation>tcp://192.168.1.50  ·  cups:Zebra  ·  windows:ZDesigner GK420d  ·  或一个文件夹</translation>
    </message>
    <message>
        <source>printer&apos;s own</source>
        <translation>打印机默认</translation>
    </message>
    <message>
        <source>Save printer</source>
        <translation>保存打印机</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>测试打印</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Address or queue</source>
        <translation>地址或队列</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Resolution (dpi)</source>
        <translation>分辨率 (dpi)</translation>
    </message>
    <message>
        <source>Offset right</source>
        <translation>右偏移</translation>
    </message>
    <message>
        <source>Offset down</source>
        <translation>下偏移</translation>
    </message>
    <message>
        <source>Darkness</source>
        <translation>打印浓度</translation>
    </message>
    <message>
        <source>Saved {strip}.</source>
        <translation>已保存 {strip}。</translation>
    </message>
    <message>
        <source>Test print failed: {exc}</source>
        <translation>测试打印失败：{exc}</translation>
    </message>
    <message>
        <source>Show {f}</source>
        <translation>显示{f}</translation>
    </message>
    <message>
        <source>PNG or JPEG for packing slips</source>
        <translation>装箱单用的 PNG 或 JPEG 图片</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>One line per line of the address</source>
        <translation>地址每行占一行</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>Return to (name)</source>
        <translation>退货收件人（名称）</translation>
    </message>
    <message>
        <source>Return address</source>
        <translation>退货地址</translation>
    </message>
    <message>
        <source>Return instructions</source>
        <translation>退货说明</translation>
    </message>
    <message>
        <source>Slip font size</source>
        <translation>装箱单字号</translation>
    </message>
    <message>
        <source>Shipping labels and packing slips of this store use these.</source>
        <translation>此店铺的快递面单和装箱单使用这些设置。</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Saved for {currentText}.</source>
        <translation>已为 {currentText} 保存。</translation>
    </message>
    <message>
        <source>Type {store}&apos;s return address, one line per line, then Save.</source>
        <translation>请输入 {store} 的退货地址，每行一行，然后保存。</translation>
    </message>
</context>
<context>
    <name>labels.queue</name>
    <message>
        <source>Scan or type a code, Enter adds it</source>
        <translation>扫描或输入编码，按回车添加</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>scanned {code}</source>
        <translation>已扫描 {code}</translation>
    </message>
    <message>
        <source>All {source}.</source>
        <translation>全部{source}。</translation>
    </message>
    <message>
        <source>Scan, choose or type {source} to print.</source>
        <translation>扫描、选择或输入要打印的{source}。</translation>
    </message>
</context>
<context>
    <name>labels.tab</name>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Carrier labels</source>
        <translation>物流面单</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Store settings</source>
        <translation>店铺设置</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Backroom cannot open the database</source>
        <translation>Backroom 无法打开数据库</translation>
    </message>
    <message>
        <source>Database upgraded</source>
        <translation>数据库已升级</translation>
    </message>
    <message>
        <source>The database was upgraded. A copy of the old one is at
{path}</source>
        <translation>数据库已升级。旧数据库的副本保存在
{path}</translation>
    </message>
    <message>
        <source>Welcome to Backroom</source>
        <translation>欢迎使用 Backroom</translation>
    </message>
    <message>
        <source>This database is empty. Load a demo store (3 stores, 300 products, 2,000 orders) to look around?

Choose No to start with your own products.</source>
        <translation>这个数据库是空的。要载入一个演示店铺（3 个店铺、300 个商品、2,000 个订单）先看看吗？

选择“否”则从你自己的商品开始。</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <source>Database: {name}</source>
        <translation>数据库：{name}</translation>
    </message>
    <message>
        <source>Station: {name}</source>
        <translation>工作台：{name}</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>{file}, row {row}, column &apos;{column}&apos;: {reason}</source>
        <translation>{file}，第 {row} 行，“{column}”列：{reason}</translation>
    </message>
    <message>
        <source>{file}, row {row}: {reason}</source>
        <translation>{file}，第 {row} 行：{reason}</translation>
    </message>
    <message>
        <source>{file}, column &apos;{column}&apos;: {reason}</source>
        <translation>{file}，“{column}”列：{reason}</translation>
    </message>
    <message>
        <source>{file}: {reason}</source>
        <translation>{file}：{reason}</translation>
    </message>
    <message>
        <source>{name} has been deactivated and may not work in this shop; ask the owner.</source>
        <translation>{name} 已被停用，不能在本店操作；请联系店主。</translation>
    </message>
    <message>
        <source>{name!r} is not a user of this shop. The owner adds people on the People screen or with &apos;backroom users add&apos;.</source>
        <translation>{name!r} 不是本店的用户。店主可在“人员”页面或用 &apos;backroom users add&apos; 添加人员。</translation>
    </message>
    <message>
        <source>{name} ({role}) may not {words}. Ask the owner or a supervisor.</source>
        <translation>{name}（{role}）无权{words}。请联系店主或主管。</translation>
    </message>
    <message>
        <source>A PIN is 4 to 12 digits.</source>
        <translation>PIN 码为 4 到 12 位数字。</translation>
    </message>
    <message>
        <source>That PIN is not a supervisor&apos;s PIN.</source>
        <translation>该 PIN 码不是主管的 PIN 码。</translation>
    </message>
    <message>
        <source>No stock count {count}.</source>
        <translation>没有盘点单 {count}。</translation>
    </message>
    <message>
        <source>Count {reference} is posted; it cannot be changed, only reversed.</source>
        <translation>盘点单 {reference} 已过账，不能修改，只能冲销。</translation>
    </message>
    <message>
        <source>Count {reference} is {status}; it cannot be changed.</source>
        <translation>盘点单 {reference} 状态为 {status}，不能修改。</translation>
    </message>
    <message>
        <source>Choose at least one bin to count.</source>
        <translation>请至少选择一个库位进行盘点。</translation>
    </message>
    <message>
        <source>Choose at least one product to count.</source>
        <translation>请至少选择一个商品进行盘点。</translation>
    </message>
    <message>
        <source>The cycle chose nothing to count.</source>
        <translation>循环盘点没有选出要盘点的内容。</translation>
    </message>
    <message>
        <source>Count either chosen bins or chosen products, not both.</source>
        <translation>只能按所选库位或所选商品盘点，不能两者同时。</translation>
    </message>
    <message>
        <source>Bin {code} is not part of count {reference}.</source>
        <translation>库位 {code} 不在盘点单 {reference} 中。</translation>
    </message>
    <message>
        <source>{sku} is not one of the products of count {reference}.</source>
        <translation>{sku} 不是盘点单 {reference} 中的商品。</translation>
    </message>
    <message>
        <source>A scanned quantity is at least 1, not {quantity}.</source>
        <translation>扫描数量至少为 1，不能是 {quantity}。</translation>
    </message>
    <message>
        <source>A counted quantity cannot be negative ({quantity}).</source>
        <translation>盘点数量不能为负数（{quantity}）。</translation>
    </message>
    <message>
        <source>No count line {line}.</source>
        <translation>没有盘点行 {line}。</translation>
    </message>
    <message>
        <source>No stock count {count!r}.</source>
        <translation>没有盘点单 {count!r}。</translation>
    </message>
    <message>
        <source>{code} is not a bin.</source>
        <translation>{code} 不是库位。</translation>
    </message>
    <message>
        <source>Nothing left to pick in {code}.</source>
        <translation>{code} 中已没有待拣货的商品。</translation>
    </message>
    <message>
        <source>This pick list is not open.</source>
        <translation>该拣货单未打开。</translation>
    </message>
    <message>
        <source>Scan the bin first: this pick list is in strict bin mode.</source>
        <translation>请先扫描库位：该拣货单为严格库位模式。</translation>
    </message>
    <message>
        <source>Unknown code {code}.</source>
        <translation>未知条码 {code}。</translation>
    </message>
    <message>
        <source>Nothing left to pick of {code} in {bin} on this list.</source>
        <translation>本拣货单在 {bin} 中已没有待拣的 {code}。</translation>
    </message>
    <message>
        <source>Nothing left to pick of {code} on this list.</source>
        <translation>本拣货单已没有待拣的 {code}。</translation>
    </message>
    <message>
        <source>Put in tote {tote} (order {number})</source>
        <translation>放入周转箱 {tote}（订单 {number}）</translation>
    </message>
    <message>
        <source>Nothing left to pick of {sku} in {bin}.</source>
        <translation>{bin} 中已没有待拣的 {sku}。</translation>
    </message>
    <message>
        <source>{others} in {code} held for other orders</source>
        <translation>{code} 中有 {others} 件已为其他订单预留</translation>
    </message>
    <message>
        <source>{on_hand} in {code}</source>
        <translation>{code} 中有 {on_hand} 件</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>before</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>now</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>units released</source>
        <translation>释放件数</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>old store ID</source>
        <translation>原店铺 ID</translation>
    </message>
    <message>
        <source>new store ID</source>
        <translation>新店铺 ID</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>status before</source>
        <translation>原状态</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>carrier</source>
        <translation>物流商</translation>
    </message>
    <message>
        <source>from station</source>
        <translation>原工作台</translation>
    </message>
    <message>
        <source>from user</source>
        <translation>原操作人</translation>
    </message>
    <message>
        <source>bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>pick list</source>
        <translation>拣货单</translation>
    </message>
    <message>
        <source>packer</source>
        <translation>打包员</translation>
    </message>
    <message>
        <source>station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>用时（秒）</translation>
    </message>
    <message>
        <source>items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>parcels</source>
        <translation>包裹数</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>扫错次数</translation>
    </message>
    <message>
        <source>allowed by</source>
        <translation>放行人</translation>
    </message>
    <message>
        <source>why allowed</source>
        <translation>放行原因</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>street</source>
        <translation>街道地址</translation>
    </message>
    <message>
        <source>street (2nd line)</source>
        <translation>街道地址 2</translation>
    </message>
    <message>
        <source>city</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>state</source>
        <translation>州/省</translation>
    </message>
    <message>
        <source>postcode</source>
        <translation>邮编</translation>
    </message>
    <message>
        <source>country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>明细数</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新订单</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>已占库存</translation>
    </message>
    <message>
        <source>backorder</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>picking</source>
        <translation>拣货中</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>已打包</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>{key}: {value}</source>
        <translation>{key}：{value}</translation>
    </message>
    <message>
        <source>{details}</source>
        <translation>{details}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Put its items aside and scan another order. To pack it, move or book the stock into a bin (Stock tab), then scan it again.</source>
        <translation>请先把该订单的商品放到一边，扫描下一个订单。要打包此订单，请先把库存移入或入库到库位（库存页），然后重新扫描。</translation>
    </message>
    <message>
        <source>Order {number} cannot be packed: not enough in the bins</source>
        <translation>订单 {number} 无法打包：库位库存不足</translation>
    </message>
    <message>
        <source>{headline}. {details}. {advice}</source>
        <translation>{headline}。{details}。{advice}</translation>
    </message>
    <message>
        <source>none in stock anywhere</source>
        <translation>各处均无库存</translation>
    </message>
    <message>
        <source>{sku} ({name}): {short} short, {available} of {needed} in bins — {where}</source>
        <translation>{sku}（{name}）：缺 {short} 件，库位有 {available}/{needed} 件 — {where}</translation>
    </message>
    <message>
        <source>This order is not open here any more; scan its slip again.</source>
        <translation>该订单已不在本工位打开；请重新扫描其装箱单。</translation>
    </message>
    <message>
        <source>Station {station} has taken this order over.</source>
        <translation>工位 {station} 已接管该订单。</translation>
    </message>
    <message>
        <source>No order, tracking number or tote {code!r}.</source>
        <translation>没有订单、运单号或周转箱 {code!r}。</translation>
    </message>
    <message>
        <source>Order {number} is fulfilled by the channel; there is nothing to pack.</source>
        <translation>订单 {number} 由平台发货，无需打包。</translation>
    </message>
    <message>
        <source>Order {number} is {status}; there is nothing to pack.</source>
        <translation>订单 {number} {status}，无需打包。</translation>
    </message>
    <message>
        <source>{count} open orders have the number {number}; scan the pick list or tote instead.</source>
        <translation>有 {count} 个未完成订单的单号都是 {number}；请改扫拣货单或周转箱。</translation>
    </message>
    <message>
        <source>Order {number} has 1 line not linked to a product; link them in Orders first.</source>
        <translation>订单 {number} 有 1 行未关联商品；请先在“订单”页关联。</translation>
    </message>
    <message>
        <source>Order {number} has {count} lines not linked to a product; link them in Orders first.</source>
        <translation>订单 {number} 有 {count} 行未关联商品；请先在“订单”页关联。</translation>
    </message>
    <message>
        <source>Order {number} is being packed at station {station} by {user} (since {since:%H:%M} UTC). Ask them, or wait until the claim expires at {until:%H:%M} UTC.</source>
        <translation>订单 {number} 正由 {user} 在工位 {station} 打包（自 UTC {since:%H:%M} 起）。请与其联系，或等到 UTC {until:%H:%M} 占用过期。</translation>
    </message>
    <message>
        <source>Order {number} was just taken over at another station; scan it again to see where.</source>
        <translation>订单 {number} 刚被其他工位接管；请重新扫描查看是哪个工位。</translation>
    </message>
    <message>
        <source>Order {number} was just opened at another station; scan it again to see where.</source>
        <translation>订单 {number} 刚在其他工位打开；请重新扫描查看是哪个工位。</translation>
    </message>
    <message>
        <source>Order {number} is already packed at station {station} by {user} ({at:%H:%M} UTC); there is nothing left to pack.</source>
        <translation>订单 {number} 已由 {user} 在工位 {station} 打包（UTC {at:%H:%M}）；没有需要打包的了。</translation>
    </message>
    <message>
        <source>{code} is another order&apos;s slip: finish this order, or put it aside (Esc), first.</source>
        <translation>{code} 是另一个订单的装箱单：请先完成当前订单，或将其搁置（Esc）。</translation>
    </message>
    <message>
        <source>This order is already open: scan its items.</source>
        <translation>该订单已打开：请扫描其商品。</translation>
    </message>
    <message>
        <source>Unknown code {code}: no product has this barcode or SKU.</source>
        <translation>未知条码 {code}：没有商品使用此条码或 SKU。</translation>
    </message>
    <message>
        <source>Wrong item: {name} ({sku}) is not in this order.</source>
        <translation>商品错误：{name}（{sku}）不在此订单中。</translation>
    </message>
    <message>
        <source>Too many: all {total} × {name} ({sku}) are already packed.</source>
        <translation>数量过多：{total} × {name}（{sku}）已全部打包。</translation>
    </message>
    <message>
        <source>Too many: only {still} more × {name} ({sku}) needed, not {qty}.</source>
        <translation>数量过多：{name}（{sku}）只还需 {still} 件，不是 {qty} 件。</translation>
    </message>
    <message>
        <source>{name}: {verified} of {quantity}</source>
        <translation>{name}：{verified}/{quantity}</translation>
    </message>
    <message>
        <source>Type how many units, 1 or more.</source>
        <translation>请输入数量，1 或以上。</translation>
    </message>
    <message>
        <source>Typing a quantity needs a supervisor&apos;s PIN.</source>
        <translation>手动输入数量需要主管 PIN 码。</translation>
    </message>
    <message>
        <source>That line is not in this order.</source>
        <translation>该行不在此订单中。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>There is no parcel {number}; the next new one is {next}.</source>
        <translation>没有包裹 {number}；下一个新包裹是 {next}。</translation>
    </message>
    <message>
        <source>There is no parcel {number}.</source>
        <translation>没有包裹 {number}。</translation>
    </message>
    <message>
        <source>A parcel weighs between 1 g and 1000 kg.</source>
        <translation>包裹重量须在 1 g 到 1000 kg 之间。</translation>
    </message>
    <message>
        <source>A tracking number is 1 to 64 characters.</source>
        <translation>运单号为 1 到 64 个字符。</translation>
    </message>
    <message>
        <source>A user needs a name.</source>
        <translation>用户需要一个名称。</translation>
    </message>
    <message>
        <source>A user&apos;s name is at most 64 characters.</source>
        <translation>用户名最多 64 个字符。</translation>
    </message>
    <message>
        <source>A user&apos;s name may not hold control characters.</source>
        <translation>用户名不能包含控制字符。</translation>
    </message>
    <message>
        <source>A password is at least {count} characters (or use a PIN of 4 to 12 digits).</source>
        <translation>密码至少 {count} 个字符（或使用 4 到 12 位数字的 PIN 码）。</translation>
    </message>
    <message>
        <source>A password is at most {count} characters.</source>
        <translation>密码最多 {count} 个字符。</translation>
    </message>
    <message>
        <source>There is no user {name!r}.</source>
        <translation>没有用户 {name!r}。</translation>
    </message>
    <message>
        <source>{name} is the shop&apos;s only active owner; make someone else owner first.</source>
        <translation>{name} 是本店唯一在用的店主；请先把其他人设为店主。</translation>
    </message>
    <message>
        <source>There is already a user called {name}.</source>
        <translation>已有名为 {name} 的用户。</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself while signed in.</source>
        <translation>登录状态下不能停用自己。</translation>
    </message>
    <message>
        <source>The owner may always do everything; edit the other roles.</source>
        <translation>店主始终拥有全部权限；请编辑其他角色。</translation>
    </message>
    <message>
        <source>No location {code!r}.</source>
        <translation>没有位置 {code!r}。</translation>
    </message>
    <message>
        <source>A bin code cannot be empty.</source>
        <translation>库位编码不能为空。</translation>
    </message>
    <message>
        <source>{code} is a virtual location, not a bin.</source>
        <translation>{code} 是虚拟位置，不是库位。</translation>
    </message>
    <message>
        <source>Not enough {sku} in {code}: {available} available, {wanted} needed.</source>
        <translation>{code} 中 {sku} 库存不足：可用 {available} 件，需要 {wanted} 件。</translation>
    </message>
    <message>
        <source>Move {move} is itself a reversal.</source>
        <translation>库存移动 {move} 本身就是一笔冲销。</translation>
    </message>
    <message>
        <source>Move {move} has already been reversed.</source>
        <translation>库存移动 {move} 已被冲销。</translation>
    </message>
    <message>
        <source>There is no bin {code!r}.</source>
        <translation>没有库位 {code!r}。</translation>
    </message>
    <message>
        <source>Unknown code {code!r}: no product has this barcode or SKU.</source>
        <translation>未知条码 {code!r}：没有商品使用此条码或 SKU。</translation>
    </message>
    <message>
        <source>Quantity for {code} must be at least 1, not {qty}.</source>
        <translation>{code} 的数量至少为 1，不能是 {qty}。</translation>
    </message>
    <message>
        <source>Scan at least one item to move.</source>
        <translation>请至少扫描一件要移动的商品。</translation>
    </message>
    <message>
        <source>The from-bin and the to-bin are the same.</source>
        <translation>来源库位与目标库位相同。</translation>
    </message>
    <message>
        <source>An adjustment needs a change other than 0.</source>
        <translation>库存调整的变动数量不能为 0。</translation>
    </message>
    <message>
        <source>Found stock is added: the change must be positive.</source>
        <translation>盘盈的库存是增加的：变动数量必须为正数。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Misread: {digits} is not a valid {what} (check digit should be {expected}, not {last}). Scan it again.</source>
        <translation>误读：{digits} 不是有效的 {what}（校验位应为 {expected}，而不是 {last}）。请重新扫描。</translation>
    </message>
    <message>
        <source>Misread: {digits} is neither a valid EAN-8 nor UPC-E. Scan it again.</source>
        <translation>误读：{digits} 既不是有效的 EAN-8，也不是 UPC-E。请重新扫描。</translation>
    </message>
    <message>
        <source>Misread: {data!r} is not an EAN/UPC number. Scan it again.</source>
        <translation>误读：{data!r} 不是 EAN/UPC 条码。请重新扫描。</translation>
    </message>
    <message>
        <source>Misread: an EAN-8 has 8 digits, not {count}. Scan it again.</source>
        <translation>误读：EAN-8 应为 8 位数字，而不是 {count} 位。请重新扫描。</translation>
    </message>
    <message>
        <source>Misread: {data} is not an EAN/UPC number ({count} digits). Scan it again.</source>
        <translation>误读：{data} 不是 EAN/UPC 条码（{count} 位数字）。请重新扫描。</translation>
    </message>
    <message>
        <source>row {row}, column &apos;{column}&apos;: {reason}</source>
        <translation>第 {row} 行，“{column}”列：{reason}</translation>
    </message>
    <message>
        <source>{first}; {more} (and {extra} more)</source>
        <translation>{first}；{more}（另有 {extra} 处）</translation>
    </message>
    <message>
        <source>{first}; {more}</source>
        <translation>{first}；{more}</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a whole number of 0 or more: write it with the digits 0-9</source>
        <translation>“{text}”不是 0 或以上的整数：请用数字 0-9 填写</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a whole number of 0 or more</source>
        <translation>“{text}”不是 0 或以上的整数</translation>
    </message>
    <message>
        <source>{text} is more than Backroom counts in one bin (at most {most:,})</source>
        <translation>{text} 超出单个库位的盘点上限（最多 {most:,}）</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>column missing; the header must name sku, bin and quantity</source>
        <translation>缺少列：表头须包含 sku、bin 和 quantity</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>no counts in the file</source>
        <translation>文件中没有盘点数据</translation>
    </message>
    <message>
        <source>no product &apos;{code}&apos;</source>
        <translation>没有商品“{code}”</translation>
    </message>
    <message>
        <source>{code} is not counted in {reference}</source>
        <translation>{code} 不在盘点 {reference} 的范围内</translation>
    </message>
    <message>
        <source>no bin &apos;{code}&apos;</source>
        <translation>没有库位“{code}”</translation>
    </message>
    <message>
        <source>{code} is not in {reference}</source>
        <translation>{code} 不在盘点 {reference} 中</translation>
    </message>
    <message>
        <source>the rows for {code} in {bin} add up to more than {most:,}</source>
        <translation>{code} 在 {bin} 的各行合计超过 {most:,}</translation>
    </message>
    <message>
        <source>Never-scanned lines are either counted as zero or left out ({choices}), not {choice!r}.</source>
        <translation>未扫描的明细只能按零计或不计入（{choices}），不能是 {choice!r}。</translation>
    </message>
    <message>
        <source>{sku} in {bin} ({expected} expected, {value} at cost)</source>
        <translation>{bin} 中的 {sku}（应有 {expected}，成本 {value}）</translation>
    </message>
    <message>
        <source>{first}, {next}</source>
        <translation>{first}，{next}</translation>
    </message>
    <message>
        <source>{lines} and {more} more</source>
        <translation>{lines}，另有 {more} 条</translation>
    </message>
    <message>
        <source>Nothing has been counted in {reference} yet; count a bin first.</source>
        <translation>盘点 {reference} 还没有任何计数；请先盘点一个库位。</translation>
    </message>
    <message>
        <source>{lines} line(s) of {reference} were never scanned: {which}. Count them as zero (write them off) or leave them out of the posting (their stock stays).</source>
        <translation>盘点 {reference} 有 {lines} 条明细从未扫描：{which}。请按零计（核销），或不计入本次过账（库存保持不变）。</translation>
    </message>
    <message>
        <source>{amount} (limit {limit})</source>
        <translation>{amount}（上限 {limit}）</translation>
    </message>
    <message>
        <source>Posting {reference} writes on or off {over}: a supervisor&apos;s PIN is needed.</source>
        <translation>过账 {reference} 将盘盈或盘亏 {over}：需要主管 PIN 码。</translation>
    </message>
    <message>
        <source>{sku} in {code}: the count leaves {target} but {reserved} are reserved for orders. Recount it, or move the orders&apos; reservations to another bin, then post.</source>
        <translation>{code} 中的 {sku}：盘点后剩 {target}，但已有 {reserved} 件为订单预留。请重新盘点，或把订单的预留移到其他库位后再过账。</translation>
    </message>
    <message>
        <source>Count {reference} is {status}; only a posted count can be reversed.</source>
        <translation>盘点 {reference} 的状态是 {status}；只有已过账的盘点才能冲销。</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is {length:,} characters long; at most {most:,} fit here</source>
        <translation>“{value}”长 {length:,} 个字符；此处最多 {most:,} 个</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; holds a control character (U+{code:04X})</source>
        <translation>“{value}”含有控制字符（U+{code:04X}）</translation>
    </message>
    <message>
        <source>{what} is more than Backroom keeps (at most {most:,} minor units)</source>
        <translation>{what}超出 Backroom 可保存的范围（最多 {most:,} 个最小货币单位）</translation>
    </message>
    <message>
        <source>the amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Order id (required)</source>
        <translation>订单 ID（必填）</translation>
    </message>
    <message>
        <source>Order number as the store shows it</source>
        <translation>店铺显示的订单号</translation>
    </message>
    <message>
        <source>Order date (required)</source>
        <translation>下单日期（必填）</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>Payment status</source>
        <translation>付款状态</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>商品小计</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税费</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Order total</source>
        <translation>订单总额</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <source>Customer first name</source>
        <translation>客户名</translation>
    </message>
    <message>
        <source>Customer last name</source>
        <translation>客户姓</translation>
    </message>
    <message>
        <source>Customer email</source>
        <translation>客户邮箱</translation>
    </message>
    <message>
        <source>Customer phone</source>
        <translation>客户电话</translation>
    </message>
    <message>
        <source>Ship-to name</source>
        <translation>收件人姓名</translation>
    </message>
    <message>
        <source>Ship-to first name</source>
        <translation>收件人名</translation>
    </message>
    <message>
        <source>Ship-to last name</source>
        <translation>收件人姓</translation>
    </message>
    <message>
        <source>Ship-to company</source>
        <translation>收件公司</translation>
    </message>
    <message>
        <source>Ship-to street</source>
        <translation>收件街道地址</translation>
    </message>
    <message>
        <source>Ship-to street, line 2</source>
        <translation>收件街道地址 2</translation>
    </message>
    <message>
        <source>Ship-to city</source>
        <translation>收件城市</translation>
    </message>
    <message>
        <source>Ship-to state/province</source>
        <translation>收件州/省</translation>
    </message>
    <message>
        <source>Ship-to postcode</source>
        <translation>收件邮编</translation>
    </message>
    <message>
        <source>Ship-to country</source>
        <translation>收件国家</translation>
    </message>
    <message>
        <source>Ship-to phone</source>
        <translation>收件电话</translation>
    </message>
    <message>
        <source>Shipping method</source>
        <translation>配送方式</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>Line SKU</source>
        <translation>明细 SKU</translation>
    </message>
    <message>
        <source>Line product name</source>
        <translation>明细商品名称</translation>
    </message>
    <message>
        <source>Line quantity (required)</source>
        <translation>明细数量（必填）</translation>
    </message>
    <message>
        <source>Line unit price</source>
        <translation>明细单价</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>明细小计</translation>
    </message>
    <message>
        <source>Line listing or product id</source>
        <translation>明细刊登或商品 ID</translation>
    </message>
    <message>
        <source>Line variation (size, colour…)</source>
        <translation>明细变体（尺码、颜色…）</translation>
    </message>
    <message>
        <source>&apos;{field}&apos; needs a column</source>
        <translation>“{field}”需要对应一列</translation>
    </message>
    <message>
        <source>Map the line SKU or the line product name</source>
        <translation>请映射明细 SKU 或明细商品名称</translation>
    </message>
    <message>
        <source>unknown field &apos;{field}&apos;</source>
        <translation>未知字段“{field}”</translation>
    </message>
    <message>
        <source>The decimal mark must be &apos;.&apos;, &apos;,&apos; or auto</source>
        <translation>小数点须为“.”、“,”或自动</translation>
    </message>
    <message>
        <source>&apos;{zone}&apos; is not a time zone name like Europe/Berlin</source>
        <translation>“{zone}”不是时区名称（如 Asia/Shanghai）</translation>
    </message>
    <message>
        <source>Give the mapping a name.</source>
        <translation>请为映射命名。</translation>
    </message>
    <message>
        <source>{problems}</source>
        <translation>{problems}</translation>
    </message>
    <message>
        <source>show {percent}%</source>
        <translation>显示 {percent}%</translation>
    </message>
    <message>
        <source>keep {keep}</source>
        <translation>保留 {keep} 件</translation>
    </message>
    <message>
        <source>at most {most}</source>
        <translation>最多 {most} 件</translation>
    </message>
    <message>
        <source>no buffer</source>
        <translation>无安全库存</translation>
    </message>
    <message>
        <source>{rule}</source>
        <translation>{rule}</translation>
    </message>
    <message>
        <source>No store {name!r} (stores: none yet).</source>
        <translation>没有店铺 {name!r}（目前还没有店铺）。</translation>
    </message>
    <message>
        <source>No store {name!r} (stores: {stores}).</source>
        <translation>没有店铺 {name!r}（现有店铺：{stores}）。</translation>
    </message>
    <message>
        <source>{option} {value}: a buffer cannot be negative.</source>
        <translation>{option} {value}：安全库存不能为负数。</translation>
    </message>
    <message>
        <source>--percent {percent}: a store can be shown at most 100%.</source>
        <translation>--percent {percent}：店铺最多显示 100%。</translation>
    </message>
    <message>
        <source>No product with SKU {sku!r}: a buffer needs one of our SKUs.</source>
        <translation>没有 SKU 为 {sku!r} 的商品：安全库存须设在我们自己的 SKU 上。</translation>
    </message>
    <message>
        <source>Shopify needs the location the stock is at (the name in Shopify&apos;s Settings &gt; Locations): set it for the store.</source>
        <translation>Shopify 需要填写库存所在的地点（Shopify 后台“设置 &gt; 地点”中的名称）：请为该店铺设置。</translation>
    </message>
    <message>
        <source>The mapping {name!r} has no columns.</source>
        <translation>映射 {name!r} 没有任何列。</translation>
    </message>
    <message>
        <source>Unknown stock file format {format!r}: use {formats} or mapped:NAME.</source>
        <translation>未知的库存文件格式 {format!r}：请使用 {formats} 或 mapped:名称。</translation>
    </message>
    <message>
        <source>No saved stock file mapping {name!r} (save one with `backroom push-mapping`).</source>
        <translation>没有已保存的库存文件映射 {name!r}（可用 `backroom push-mapping` 保存）。</translation>
    </message>
    <message>
        <source>Choose a file format for {store} first.</source>
        <translation>请先为 {store} 选择文件格式。</translation>
    </message>
    <message>
        <source>A mapping needs a name.</source>
        <translation>映射需要一个名称。</translation>
    </message>
    <message>
        <source>A mapping needs at least one column.</source>
        <translation>映射至少需要一列。</translation>
    </message>
    <message>
        <source>Column {header!r}: unknown field {field!r} (fields: {fields}).</source>
        <translation>列 {header!r}：未知字段 {field!r}（可用字段：{fields}）。</translation>
    </message>
    <message>
        <source>The delimiter is one character (&apos;,&apos;, &apos;;&apos; or a tab).</source>
        <translation>分隔符须为单个字符（“,”、“;”或制表符）。</translation>
    </message>
    <message>
        <source>No saved stock file mapping {name!r}.</source>
        <translation>没有已保存的库存文件映射 {name!r}。</translation>
    </message>
    <message>
        <source>Cancelled: no file was written and nothing was recorded.</source>
        <translation>已取消：未写入文件，也未记录任何内容。</translation>
    </message>
    <message>
        <source>{store} has no stock file format: a {kind} store&apos;s file must be chosen (--format shopify-inventory, amazon-quantity, woocommerce, ebay or mapped:NAME).</source>
        <translation>{store} 还没有库存文件格式：须为 {kind} 店铺选择文件格式（--format shopify-inventory、amazon-quantity、woocommerce、ebay 或 mapped:名称）。</translation>
    </message>
    <message>
        <source>Shopify needs the location {store}&apos;s stock is at (the name in Shopify&apos;s Settings &gt; Locations): set it first (--location).</source>
        <translation>Shopify 需要填写 {store} 的库存所在地点（Shopify 后台“设置 &gt; 地点”中的名称）：请先设置（--location）。</translation>
    </message>
    <message>
        <source>Below zero for {skus}: the stock levels need a check (`backroom db check`); nothing was written.</source>
        <translation>{skus} 的库存低于零：请检查库存数据（`backroom db check`）；未写入任何内容。</translation>
    </message>
    <message>
        <source>No folder {folder} to write {name} into.</source>
        <translation>文件夹 {folder} 不存在，无法写入 {name}。</translation>
    </message>
    <message>
        <source>{field}: &apos;{text}&apos; is not an amount.</source>
        <translation>{field}：“{text}”不是有效金额。</translation>
    </message>
    <message>
        <source>{field}: {reason}.</source>
        <translation>{field}：{reason}。</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>HS code</source>
        <translation>HS 编码</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>A product needs a SKU.</source>
        <translation>商品需要 SKU。</translation>
    </message>
    <message>
        <source>Product {sku} needs a name.</source>
        <translation>商品 {sku} 需要名称。</translation>
    </message>
    <message>
        <source>Product {sku}: price and cost cannot be negative.</source>
        <translation>商品 {sku}：售价和成本不能为负数。</translation>
    </message>
    <message>
        <source>Product {sku}: price and cost must be in the same currency.</source>
        <translation>商品 {sku}：售价和成本须为同一币种。</translation>
    </message>
    <message>
        <source>the price {money}</source>
        <translation>售价 {money}</translation>
    </message>
    <message>
        <source>the cost {money}</source>
        <translation>成本 {money}</translation>
    </message>
    <message>
        <source>Product {sku}: {reason}.</source>
        <translation>商品 {sku}：{reason}。</translation>
    </message>
    <message>
        <source>Barcode &apos;{code}&apos; holds characters a scanner cannot send (use digits, letters and ASCII signs).</source>
        <translation>条码“{code}”含有扫码枪无法输入的字符（请使用数字、字母和 ASCII 符号）。</translation>
    </message>
    <message>
        <source>Country of origin: &apos;{origin}&apos; is not a two-letter country code (DE, US, CN).</source>
        <translation>原产国：“{origin}”不是两位字母的国家代码（如 CN、US、DE）。</translation>
    </message>
    <message>
        <source>Weight (g)</source>
        <translation>重量（克）</translation>
    </message>
    <message>
        <source>Reorder point</source>
        <translation>补货点</translation>
    </message>
    <message>
        <source>{field}: {number:,} is not between 0 and {top:,}.</source>
        <translation>{field}：{number:,} 不在 0 到 {top:,} 之间。</translation>
    </message>
    <message>
        <source>Barcode {code} already belongs to {sku}.</source>
        <translation>条码 {code} 已属于 {sku}。</translation>
    </message>
    <message>
        <source>No product {product}.</source>
        <translation>没有商品 {product}。</translation>
    </message>
    <message>
        <source>SKU {sku} is already used by another product.</source>
        <translation>SKU {sku} 已被其他商品使用。</translation>
    </message>
    <message>
        <source>SKU {sku} is also on row {row}</source>
        <translation>SKU {sku} 在第 {row} 行也出现过</translation>
    </message>
    <message>
        <source>barcode {code} is also on row {row}</source>
        <translation>条码 {code} 在第 {row} 行也出现过</translation>
    </message>
    <message>
        <source>No home currency is set.</source>
        <translation>尚未设置本位币。</translation>
    </message>
    <message>
        <source>No {currency} to {home} rate for {month}: enter one (Insights &gt; Currency, or `backroom insights rates set`).</source>
        <translation>没有 {month} 的 {currency} 兑 {home} 汇率：请录入（经营分析 &gt; 币种，或 `backroom insights rates set`）。</translation>
    </message>
    <message>
        <source>{late} late (placed over two days ago)</source>
        <translation>{late} 单逾期（下单超过两天）</translation>
    </message>
    <message>
        <source>none late</source>
        <translation>无逾期</translation>
    </message>
    <message>
        <source>{packed} packed today</source>
        <translation>今日已打包 {packed} 单</translation>
    </message>
    <message>
        <source>every store is up to date</source>
        <translation>所有店铺均已同步</translation>
    </message>
    <message>
        <source>listing {listing}</source>
        <translation>商品链接 {listing}</translation>
    </message>
    <message>
        <source>&apos;{title}&apos;</source>
        <translation>“{title}”</translation>
    </message>
    <message>
        <source>{known} ({variation})</source>
        <translation>{known}（{variation}）</translation>
    </message>
    <message>
        <source>fulfilled by the channel</source>
        <translation>由平台发货</translation>
    </message>
    <message>
        <source>store SKU {sku} is not linked to a product</source>
        <translation>店铺 SKU {sku} 尚未关联商品</translation>
    </message>
    <message>
        <source>no SKU from the store; {listing} is not linked to a product</source>
        <translation>店铺未提供 SKU；{listing} 尚未关联商品</translation>
    </message>
    <message>
        <source>no SKU, listing or title from the store</source>
        <translation>店铺未提供 SKU、商品编号或标题</translation>
    </message>
    <message>
        <source>{held} of {quantity} held; {free} free in the bins, older orders come first</source>
        <translation>已占 {held}/{quantity} 件；库位中还有 {free} 件可用，先满足较早的订单</translation>
    </message>
    <message>
        <source>{held} of {quantity} held; none left in stock</source>
        <translation>已占 {held}/{quantity} 件；库存已无</translation>
    </message>
</context>
<context>
    <name>orders.actions</name>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Cancel orders</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Cancel {ids} order{value} and give back their stock?
Reason (optional):</source>
        <translation>取消 {ids} 个订单并释放其库存？
原因（可选）：</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Priority (0 normal; higher reserves stock first):</source>
        <translation>优先级（0 为普通；数值越高越先占用库存）：</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation>导出订单</translation>
    </message>
    <message>
        <source>Packing slips</source>
        <translation>装箱单</translation>
    </message>
</context>
<context>
    <name>orders.detail</name>
    <message>
        <source>Select an order.</source>
        <translation>请选择一个订单。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>商品标题</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>售价</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>已占用</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>&amp;Link line to product…</source>
        <translation>关联到商品(&amp;L)…</translation>
    </message>
    <message>
        <source>Link the selected line (or the first unlinked one) to one of our products; every open line of this store with the same SKU or listing is linked, and later imports too.</source>
        <translation>把所选明细（或第一条未关联的明细）关联到我们的商品；此店铺中相同 SKU 或 listing 的所有未完成明细都会一起关联，以后导入的也会自动关联。</translation>
    </message>
    <message>
        <source>Save &amp;address</source>
        <translation>保存地址(&amp;A)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>记录</translation>
    </message>
    <message>
        <source> (customer record: {customer_record}, {customer_orders} order{value})</source>
        <translation>（客户档案：{customer_record}，{customer_orders} 个订单）</translation>
    </message>
    <message>
        <source>Placed {placed} · {customer_name} {customer_email}{record}</source>
        <translation>下单于 {placed} · {customer_name} {customer_email}{record}</translation>
    </message>
    <message>
        <source> · total {money} (shipping {shipping}, tax {tax}) · payment {value}</source>
        <translation> · 总额 {money}（运费 {shipping}，税费 {tax}）· 付款：{value}</translation>
    </message>
    <message>
        <source> · fulfilled by the channel</source>
        <translation> · 平台发货</translation>
    </message>
    <message>
        <source> · priority {priority}</source>
        <translation> · 优先级 {priority}</translation>
    </message>
    <message>
        <source>listing {listing_id}</source>
        <translation>listing {listing_id}</translation>
    </message>
    <message>
        <source>(no SKU)</source>
        <translation>（无 SKU）</translation>
    </message>
    <message>
        <source>Ship-to address</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <source>the store&apos;s SKU &apos;{channel_sku}&apos; ({title})</source>
        <translation>店铺 SKU“{channel_sku}”（{title}）</translation>
    </message>
    <message>
        <source>Link line</source>
        <translation>关联明细</translation>
    </message>
    <message>
        <source>Which of our products is {what}?
Every open line of {store} like it is linked too, and later imports.
Our SKU:</source>
        <translation>{what} 对应我们的哪个商品？
{store} 中所有相同的未完成明细都会一起关联，以后导入的也会。
我们的 SKU：</translation>
    </message>
</context>
<context>
    <name>orders.importing</name>
    <message>
        <source>Etsy (2 files)</source>
        <translation>Etsy（2 个文件）</translation>
    </message>
    <message>
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
    <message>
        <source>The store&apos;s export file (Etsy: both files, &apos;;&apos; between)</source>
        <translation>店铺导出的文件（Etsy：两个文件，用“;”分隔）</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>选择(&amp;C)…</translation>
    </message>
    <message>
        <source>New column &amp;mapping…</source>
        <translation>新建列映射(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Import the &amp;good rows only</source>
        <translation>只导入正确的行(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Replace those orders</source>
        <translation>替换这些订单(&amp;R)</translation>
    </message>
    <message>
        <source>The store&apos;s orders with the file&apos;s numbers are deleted (their stock given back) and the file&apos;s stored instead</source>
        <translation>删除店铺中与文件订单号相同的订单（释放其库存），改为保存文件中的订单</translation>
    </message>
    <message>
        <source>&amp;Save rejected rows…</source>
        <translation>保存被拒绝的行(&amp;S)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Detect from the header</source>
        <translation>根据表头自动识别</translation>
    </message>
    <message>
        <source>Mapping: {name}</source>
        <translation>映射：{name}</translation>
    </message>
    <message>
        <source>Order export</source>
        <translation>订单导出文件</translation>
    </message>
    <message>
        <source>CSV / TSV (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>CSV / TSV (*.csv *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the file first: the mapping is made from its header.</source>
        <translation>请先选择文件：映射根据其表头生成。</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation>导入已取消；没有导入任何数据。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Importing… {done:,} of {total:,} orders</source>
        <translation>正在导入… {done:,} / {total:,} 个订单</translation>
    </message>
    <message>
        <source>Choose another store above and import again, or replace those orders (Alt+R).</source>
        <translation>请在上方选择其他店铺后重新导入，或替换这些订单 (Alt+R)。</translation>
    </message>
    <message>
        <source>Problems (row numbers as a spreadsheet shows them):</source>
        <translation>问题（行号与表格软件中显示的一致）：</translation>
    </message>
    <message>
        <source>The import failed: {exc!r}</source>
        <translation>导入失败：{exc!r}</translation>
    </message>
    <message>
        <source>Folder for the rejected rows</source>
        <translation>被拒绝行的保存文件夹</translation>
    </message>
    <message>
        <source>Rejected rows saved: </source>
        <translation>被拒绝的行已保存：</translation>
    </message>
</context>
<context>
    <name>orders.manual</name>
    <message>
        <source>New order</source>
        <translation>新建订单</translation>
    </message>
    <message>
        <source>{COUNTER} (new)</source>
        <translation>{COUNTER}（新建）</translation>
    </message>
    <message>
        <source>Our SKU</source>
        <translation>我们的 SKU</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Add &amp;line</source>
        <translation>添加明细(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Create order</source>
        <translation>创建订单(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Ship-to {f}</source>
        <translation>收货{f}</translation>
    </message>
    <message>
        <source>Line {r}: &apos;{qty_text}&apos; is not a quantity.</source>
        <translation>第 {r} 行：“{qty_text}”不是有效数量。</translation>
    </message>
</context>
<context>
    <name>orders.mapping</name>
    <message>
        <source>Column mapping for {name}</source>
        <translation>{name} 的列映射</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Dates are day first (31/12)</source>
        <translation>日期为日在前 (31/12)</translation>
    </message>
    <message>
        <source>Date format</source>
        <translation>日期格式</translation>
    </message>
    <message>
        <source>Decimal mark</source>
        <translation>小数点</translation>
    </message>
    <message>
        <source>Time zone of the dates</source>
        <translation>日期的时区</translation>
    </message>
    <message>
        <source>Currency when none is given</source>
        <translation>未注明时的币种</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Placed (UTC)</source>
        <translation>下单时间 (UTC)</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明细</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <source>&amp;Save mapping</source>
        <translation>保存映射(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Preview of the first orders (up to {PREVIEW_ROWS} rows)</source>
        <translation>前几个订单的预览（最多 {PREVIEW_ROWS} 行）</translation>
    </message>
    <message>
        <source>
… and {more} more</source>
        <translation>
… 另有 {more} 个</translation>
    </message>
    <message>
        <source>No problems in these rows.</source>
        <translation>这些行没有问题。</translation>
    </message>
</context>
<context>
    <name>orders.oversell</name>
    <message>
        <source>About to oversell</source>
        <translation>即将超卖</translation>
    </message>
    <message>
        <source>{name} (store SKU, not linked)</source>
        <translation>{name}（店铺 SKU，未关联）</translation>
    </message>
    <message>
        <source>{rows} SKU</source>
        <translation>{rows} 个 SKU</translation>
    </message>
    <message>
        <source>{rows} SKUs</source>
        <translation>{rows} 个 SKU</translation>
    </message>
    <message>
        <source>About to oversell: {count}</source>
        <translation>即将超卖：{count}</translation>
    </message>
    <message>
        <source>About to oversell: nothing</source>
        <translation>即将超卖：无</translation>
    </message>
</context>
<context>
    <name>orders.tab</name>
    <message>
        <source>A line is not linked to a product yet: open the order to link it.</source>
        <translation>有明细尚未关联商品：打开订单进行关联。</translation>
    </message>
    <message>
        <source>Order number, customer, email, SKU or tracking  (Ctrl+F)</source>
        <translation>订单号、客户、邮箱、SKU 或运单号  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Unmatched SKU</source>
        <translation>SKU 未匹配</translation>
    </message>
    <message>
        <source>Oversold</source>
        <translation>已超卖</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Backorder</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Not enough stock to reserve every line</source>
        <translation>库存不足，无法为每条明细占用库存</translation>
    </message>
    <message>
        <source>Held: not picked until released</source>
        <translation>已暂停：释放前不会拣货</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelled: nothing to pick or ship</source>
        <translation>已取消：无需拣货或发货</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;New order…</source>
        <translation>新建订单(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Hold</source>
        <translation>暂停(&amp;H)</translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation>释放(&amp;L)</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Priorit&amp;y…</source>
        <translation>优先级(&amp;Y)…</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>导出 CSV(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Packing slips…</source>
        <translation>装箱单(&amp;P)…</translation>
    </message>
    <message>
        <source>About to oversell</source>
        <translation>即将超卖</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>No orders yet — Import… your store&apos;s order export, or add one with New order…</source>
        <translation>还没有订单 — 点击“导入…”导入店铺的订单导出文件，或用“新建订单…”手动添加</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>New order…</source>
        <translation>新建订单…</translation>
    </message>
    <message>
        <source>No orders match the search and filters.</source>
        <translation>没有符合搜索和筛选条件的订单。</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>所有店铺</translation>
    </message>
    <message>
        <source>{shown:,}{more} order{value} shown</source>
        <translation>显示 {shown:,}{more} 个订单</translation>
    </message>
</context>
<context>
    <name>packing.dialogs</name>
    <message>
        <source>supervisor PIN</source>
        <translation>主管 PIN 码</translation>
    </message>
    <message>
        <source>Type a quantity</source>
        <translation>输入数量</translation>
    </message>
    <message>
        <source>How many more of {name}? ({remaining} still to pack)</source>
        <translation>{name} 还要打包多少件？（还剩 {remaining} 件）</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Supervisor override</source>
        <translation>主管放行</translation>
    </message>
    <message>
        <source>why (e.g. label torn, checked by eye)</source>
        <translation>原因（如：标签破损，已目视核对）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Parcel weight</source>
        <translation>包裹重量</translation>
    </message>
    <message>
        <source>Weight of parcel {parcel} (e.g. 850 or 0.85 kg):</source>
        <translation>包裹 {parcel} 的重量（如 850 或 0.85 kg）：</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>重量</translation>
    </message>
</context>
<context>
    <name>packing.lines_model</name>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>已打包</translation>
    </message>
    <message>
        <source>Picked</source>
        <translation>已拣</translation>
    </message>
    <message>
        <source>Totes</source>
        <translation>周转箱</translation>
    </message>
</context>
<context>
    <name>packing.picking_page</name>
    <message>
        <source>All stores</source>
        <translation>所有店铺</translation>
    </message>
    <message>
        <source>Strict: scan the bin first</source>
        <translation>严格模式：先扫描库位</translation>
    </message>
    <message>
        <source>New pick list (Ctrl+N)</source>
        <translation>新建拣货单 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Scan a bin, then its items · F4 short · Ctrl+P pick list PDF</source>
        <translation>扫描库位，再扫描其中的商品 · F4 缺货 · Ctrl+P 拣货单 PDF</translation>
    </message>
    <message>
        <source>Make a pick list (Ctrl+N) or scan one</source>
        <translation>新建拣货单 (Ctrl+N) 或扫描一张拣货单</translation>
    </message>
    <message>
        <source>Pick list PICK-{id}: {orders}, {lines}</source>
        <translation>拣货单 PICK-{id}：{orders}，{lines}</translation>
    </message>
    <message>
        <source>Pick list {upper} open</source>
        <translation>已打开拣货单 {upper}</translation>
    </message>
    <message>
        <source>Make or scan a pick list first.</source>
        <translation>请先新建或扫描拣货单。</translation>
    </message>
    <message>
        <source>Bin {bin_code}: scan its items</source>
        <translation>库位 {bin_code}：请扫描其中的商品</translation>
    </message>
    <message>
        <source> — list complete</source>
        <translation> — 拣货单已完成</translation>
    </message>
    <message>
        <source>Pick list written to {path}</source>
        <translation>拣货单已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>packing.shipping_page</name>
    <message>
        <source>Amazon shipping confirmation (.txt)</source>
        <translation>Amazon 发货确认 (.txt)</translation>
    </message>
    <message>
        <source>Generic CSV (.csv)</source>
        <translation>通用 CSV (.csv)</translation>
    </message>
    <message>
        <source>Scan each parcel as it is handed to the carrier</source>
        <translation>交给物流商时逐个扫描包裹</translation>
    </message>
    <message>
        <source>Export confirmations…</source>
        <translation>导出发货确认…</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Shipped in the last days</source>
        <translation>最近几天已发货</translation>
    </message>
    <message>
        <source>✔ {number} shipped</source>
        <translation>✔ {number} 已发货</translation>
    </message>
    <message>
        <source>{number} was already shipped</source>
        <translation>{number} 之前已发货</translation>
    </message>
    <message>
        <source>{confirmations} written to {path}</source>
        <translation>{confirmations}已保存到 {path}</translation>
    </message>
    <message>
        <source>Export shipment confirmations</source>
        <translation>导出发货确认</translation>
    </message>
    <message>
        <source>✘ Could not write {path}: {exc}</source>
        <translation>✘ 无法写入 {path}：{exc}</translation>
    </message>
</context>
<context>
    <name>packing.station</name>
    <message>
        <source>The carriers offered here are kept in Tools ▸ Settings ▸ Carriers and services.</source>
        <translation>这里可选的物流商在 工具 ▸ 设置 ▸ 物流商与服务 中维护。</translation>
    </message>
    <message>
        <source>Scan an order slip, pick list or tote to start</source>
        <translation>扫描装箱单、拣货单或周转箱开始</translation>
    </message>
    <message>
        <source>Order {number}: scan its {items}</source>
        <translation>订单 {number}：请扫描它的 {items}</translation>
    </message>
    <message>
        <source>Tracking {strip} on parcel {current_parcel}</source>
        <translation>运单号 {strip} 已登记到包裹 {current_parcel}</translation>
    </message>
    <message>
        <source>{number} · {store} — {verified} of {total} packed</source>
        <translation>{number} · {store} — 已打包 {verified} / {total}</translation>
    </message>
    <message>
        <source>
Note: {notes}</source>
        <translation>
备注：{notes}</translation>
    </message>
    <message>
        <source>Parcel {number}: {items}</source>
        <translation>包裹 {number}：{items}</translation>
    </message>
    <message>
        <source>Undone: {verified} of {total} packed</source>
        <translation>已撤销：已打包 {verified} / {total}</translation>
    </message>
    <message>
        <source>Now packing into parcel {current_parcel}</source>
        <translation>现在装入包裹 {current_parcel}</translation>
    </message>
    <message>
        <source>Scan the tracking number for parcel {current_parcel}</source>
        <translation>请扫描包裹 {current_parcel} 的运单号</translation>
    </message>
    <message>
        <source>✔ {message} (typed)</source>
        <translation>✔ {message}（手动输入）</translation>
    </message>
    <message>
        <source>✘ That is not a weight (e.g. 850 or 0.85 kg)</source>
        <translation>✘ 这不是有效重量（如 850 或 0.85 kg）</translation>
    </message>
    <message>
        <source>Parcel {current_parcel}: {grams} g</source>
        <translation>包裹 {current_parcel}：{grams} g</translation>
    </message>
    <message>
        <source>✔ {number} packed: {items} in {parcels}</source>
        <translation>✔ {number} 已打包：{items}，{parcels}</translation>
    </message>
    <message>
        <source> · slip printed</source>
        <translation> · 装箱单已打印</translation>
    </message>
    <message>
        <source> · slip not printed: {exc}</source>
        <translation> · 装箱单未打印：{exc}</translation>
    </message>
    <message>
        <source> — scan the next order</source>
        <translation> — 请扫描下一个订单</translation>
    </message>
    <message>
        <source>Sending the {describe}…</source>
        <translation>正在发送 {describe}…</translation>
    </message>
    <message>
        <source>No order packed here yet: nothing to print again.</source>
        <translation>这里还没有打包过订单：没有可重打的内容。</translation>
    </message>
    <message>
        <source>No label printer is set for this station (F10).</source>
        <translation>此工作台未设置面单打印机 (F10)。</translation>
    </message>
    <message>
        <source>
⚠ No return address is set for {join}, so the label has no FROM: set it in Tools ▸ Settings ▸ Stores.</source>
        <translation>
⚠ {join} 未设置退货地址，面单上没有寄件人（FROM）：请在 工具 ▸ 设置 ▸ 店铺 中填写。</translation>
    </message>
    <message>
        <source>✘ No label printed for {number}: {exc} — F11 prints it again</source>
        <translation>✘ {number} 的面单未打印：{exc} — 按 F11 重新打印</translation>
    </message>
    <message>
        <source>{number} put aside; scan the next order</source>
        <translation>{number} 已搁置；请扫描下一个订单</translation>
    </message>
    <message>
        <source>Sound off</source>
        <translation>声音关</translation>
    </message>
    <message>
        <source>Sound on</source>
        <translation>声音开</translation>
    </message>
    <message>
        <source>Packed today: {orders} · {items} · {items_per_hour:g} items/hour · errors caught: {errors_caught}</source>
        <translation>今日已打包：{orders} · {items} · 每小时 {items_per_hour:g} 件 · 拦截错误：{errors_caught} 次</translation>
    </message>
</context>
<context>
    <name>packing.station_layout</name>
    <message>
        <source>Type a code by hand and press Enter</source>
        <translation>手动输入编码并按回车</translation>
    </message>
    <message>
        <source>Note for this order (kept with the packing record)</source>
        <translation>此订单的备注（随打包记录保存）</translation>
    </message>
    <message>
        <source>F2 quantity · Ctrl+Z undo · F6 new parcel · F7 weight · F8 tracking · F9 complete · Shift+F9 override · F11 label again · Esc put aside · Ctrl+M mute</source>
        <translation>F2 数量 · Ctrl+Z 撤销 · F6 新包裹 · F7 重量 · F8 运单号 · F9 完成 · Shift+F9 放行 · F11 重打面单 · Esc 搁置 · Ctrl+M 静音</translation>
    </message>
    <message>
        <source>Parcels</source>
        <translation>包裹</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>物流商</translation>
    </message>
</context>
<context>
    <name>packing.tab</name>
    <message>
        <source>&amp;Pack</source>
        <translation>打包(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;ick</source>
        <translation>拣货(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Ship</source>
        <translation>发货(&amp;S)</translation>
    </message>
</context>
<context>
    <name>people.audit_screen</name>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{key}: {value}</source>
        <translation>{key}：{value}</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>any user</source>
        <translation>任意用户</translation>
    </message>
    <message>
        <source>any station</source>
        <translation>任意工作台</translation>
    </message>
    <message>
        <source>anything</source>
        <translation>任意内容</translation>
    </message>
    <message>
        <source>order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>&amp;Since</source>
        <translation>起始时间(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>导出 CSV(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>用户(&amp;U)</translation>
    </message>
    <message>
        <source>S&amp;tation</source>
        <translation>工作台(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;What</source>
        <translation>内容(&amp;W)</translation>
    </message>
    <message>
        <source>{shown}{value} event(s), newest first. Nobody can edit or delete them.</source>
        <translation>{shown}{value} 条记录，最新在前。任何人都不能修改或删除。</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>导出操作日志</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Not exported: {exc}</source>
        <translation>未导出：{exc}</translation>
    </message>
    <message>
        <source>Exported {written} event(s) to {path}.</source>
        <translation>已导出 {written} 条记录到 {path}。</translation>
    </message>
</context>
<context>
    <name>people.login</name>
    <message>
        <source>Backroom — locked</source>
        <translation>Backroom — 已锁定</translation>
    </message>
    <message>
        <source>Backroom — sign in</source>
        <translation>Backroom — 登录</translation>
    </message>
    <message>
        <source>Locked after a while without use. Sign in to go on.</source>
        <translation>一段时间未使用已锁定。请登录后继续。</translation>
    </message>
    <message>
        <source>Who is working at this station?</source>
        <translation>谁在这个工作台工作？</translation>
    </message>
    <message>
        <source>PIN or password</source>
        <translation>PIN 码或密码</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;PIN or password</source>
        <translation>PIN 码或密码(&amp;P)</translation>
    </message>
    <message>
        <source>Type or choose your name.</source>
        <translation>请输入或选择你的名字。</translation>
    </message>
</context>
<context>
    <name>people.people_screen</name>
    <message>
        <source>Add a person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>PIN or password of {name}</source>
        <translation>{name} 的 PIN 码或密码</translation>
    </message>
    <message>
        <source>4–12 digits, or 8+ characters</source>
        <translation>4–12 位数字，或 8 位以上字符</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;PIN or password</source>
        <translation>PIN 码或密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Again</source>
        <translation>再次输入(&amp;A)</translation>
    </message>
    <message>
        <source>The two do not match.</source>
        <translation>两次输入不一致。</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>PIN / password</source>
        <translation>PIN 码 / 密码</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>&amp;Add person…</source>
        <translation>添加人员(&amp;A)…</translation>
    </message>
    <message>
        <source>Set &amp;PIN or password…</source>
        <translation>设置 PIN 码或密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Set &amp;role</source>
        <translation>设置角色(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save what each role may do</source>
        <translation>保存各角色权限(&amp;S)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>&amp;Lock this station after</source>
        <translation>此工作台闲置多久后锁定(&amp;L)</translation>
    </message>
    <message>
        <source>without use (when people sign in)</source>
        <translation>（启用人员登录时）</translation>
    </message>
    <message>
        <source>&lt;b&gt;People&lt;/b&gt;</source>
        <translation>&lt;b&gt;人员&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;What each role may do&lt;/b&gt; (the owner may always do everything)</source>
        <translation>&lt;b&gt;各角色的权限&lt;/b&gt;（店主始终拥有全部权限）</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>No PIN or password: {join} — anyone at a station can sign in as them.</source>
        <translation>未设置 PIN 码或密码：{join} — 任何人都能在工作台以他们的身份登录。</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>重新启用(&amp;A)</translation>
    </message>
</context>
<context>
    <name>people.station</name>
    <message>
        <source>&amp;People</source>
        <translation>人员(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>切换用户(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;People and roles…</source>
        <translation>人员与角色(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Audit trail…</source>
        <translation>操作日志(&amp;A)…</translation>
    </message>
    <message>
        <source>User: {user}</source>
        <translation>用户：{user}</translation>
    </message>
</context>
<context>
    <name>push.dialog</name>
    <message>
        <source>Push stock to stores</source>
        <translation>推送库存到店铺</translation>
    </message>
    <message>
        <source>&amp;Push to stores…</source>
        <translation>推送到店铺(&amp;P)…</translation>
    </message>
    <message>
        <source>S&amp;tock</source>
        <translation>库存(&amp;T)</translation>
    </message>
</context>
<context>
    <name>push.nudge</name>
    <message>
        <source>{skus} to push to {stores} — Ctrl+Shift+P</source>
        <translation>{skus} 待推送到 {stores} — Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>{store}: {skus} changed since {when}</source>
        <translation>{store}：自 {when} 以来 {skus} 有变动</translation>
    </message>
    <message>
        <source>Push stock to stores…</source>
        <translation>推送库存到店铺…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&lt;b&gt;The stores&apos; stock numbers are out of date&lt;/b&gt; — {skus} to push to {stores}. Until you upload the new files they may sell stock that is gone. {details}</source>
        <translation>&lt;b&gt;店铺上的库存数量已过期&lt;/b&gt; — {skus} 待推送到 {stores}。在上传新文件之前，店铺可能会卖出已经没有的库存。{details}</translation>
    </message>
</context>
<context>
    <name>push.view</name>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>有变化的</translation>
    </message>
    <message>
        <source>Then upload it in Shopify: Products › Inventory › Import.</source>
        <translation>然后在 Shopify 后台上传：产品 › 库存 › 导入。</translation>
    </message>
    <message>
        <source>Then upload it in Seller Central: Catalogue › Add products via upload › Upload your spreadsheet (price and quantity file).</source>
        <translation>然后在亚马逊卖家平台上传：目录 › 批量上传商品 › 上传您的电子表格（价格和数量文件）。</translation>
    </message>
    <message>
        <source>Then upload it in WordPress: Products › Import, with &quot;Update existing products&quot; ticked.</source>
        <translation>然后在 WordPress 后台上传：产品 › 导入，并勾选“更新现有产品”。</translation>
    </message>
    <message>
        <source>Then upload it in eBay Seller Hub: Reports › Uploads › Upload template.</source>
        <translation>然后在 eBay 卖家中心上传：报告 › 上传 › 上传模板。</translation>
    </message>
    <message>
        <source>Shopify inventory CSV</source>
        <translation>Shopify 库存 CSV</translation>
    </message>
    <message>
        <source>Amazon price &amp; quantity (tab-separated)</source>
        <translation>Amazon 价格和数量（制表符分隔）</translation>
    </message>
    <message>
        <source>WooCommerce product CSV</source>
        <translation>WooCommerce 商品 CSV</translation>
    </message>
    <message>
        <source>eBay revise quantity CSV</source>
        <translation>eBay 修改数量 CSV</translation>
    </message>
    <message>
        <source>Save the stock file</source>
        <translation>保存库存文件</translation>
    </message>
    <message>
        <source>Stock files (*.csv *.txt);;All files (*)</source>
        <translation>库存文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Shopify location name, e.g. Shop location</source>
        <translation>Shopify 中的地点名称，例如：深圳仓</translation>
    </message>
    <message>
        <source>The name of the location in Shopify&apos;s Settings › Locations: the file sets the stock of that location.</source>
        <translation>Shopify“设置 › 地点”中的地点名称：文件会设置该地点的库存。</translation>
    </message>
    <message>
        <source>&amp;Only what changed</source>
        <translation>仅有变化的(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;All listings</source>
        <translation>全部商品(&amp;A)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>Save file… (Ctrl+S)</source>
        <translation>保存文件… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Stop working this out; nothing is written or recorded.</source>
        <translation>停止计算；不会写入或记录任何内容。</translation>
    </message>
    <message>
        <source>&amp;Store</source>
        <translation>店铺(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>格式(&amp;F)</translation>
    </message>
    <message>
        <source>Shopify &amp;location</source>
        <translation>Shopify 地点(&amp;L)</translation>
    </message>
    <message>
        <source>Pushes so far (newest first)</source>
        <translation>推送记录（最新在前）</translation>
    </message>
    <message>
        <source>No stores yet: import orders first, then push their stock.</source>
        <translation>还没有店铺：请先导入订单，再推送其库存。</translation>
    </message>
    <message>
        <source>Saved layout {name}</source>
        <translation>已保存的格式 {name}</translation>
    </message>
    <message>
        <source>Working out what {store} may sell…</source>
        <translation>正在计算 {store} 的可售数量…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was worked out. Refresh (F5) to start again.</source>
        <translation>已取消：未计算任何内容。按刷新（F5）重新开始。</translation>
    </message>
    <message>
        <source>Cancelled: no file was written and nothing was recorded.</source>
        <translation>已取消：未写入文件，也未记录任何内容。</translation>
    </message>
    <message>
        <source>{store} has no file format yet: choose the file its store takes for stock updates.</source>
        <translation>{store} 还没有文件格式：请选择该店铺用于更新库存的文件格式。</translation>
    </message>
    <message>
        <source>last pushed {when}</source>
        <translation>上次推送于 {when}</translation>
    </message>
    <message>
        <source>never pushed yet</source>
        <translation>从未推送过</translation>
    </message>
    <message>
        <source>&lt;b&gt;{store}&lt;/b&gt; is up to date: its {listings} show what it may sell ({last}). Nothing to save; “All listings” writes them all again.</source>
        <translation>&lt;b&gt;{store}&lt;/b&gt; 已是最新：其 {listings} 显示的都是可售数量（{last}）。无需保存；选“全部商品”会重新全部写出。</translation>
    </message>
    <message>
        <source>, {count} unchanged left out</source>
        <translation>，{count} 个未变化的已略过</translation>
    </message>
    <message>
        <source>&lt;b&gt;{store}&lt;/b&gt;: {skus} to push of {listings}{what} — {last}.</source>
        <translation>&lt;b&gt;{store}&lt;/b&gt;：{listings} 中有 {skus} 需要推送{what} — {last}。</translation>
    </message>
    <message>
        <source>Save the file (Ctrl+S). {then}</source>
        <translation>保存文件 (Ctrl+S)。{then}</translation>
    </message>
    <message>
        <source>Save the file (Ctrl+S), then upload it where the store takes stock files.</source>
        <translation>保存文件 (Ctrl+S)，然后上传到店铺接收库存文件的地方。</translation>
    </message>
    <message>
        <source>Writing {path}…</source>
        <translation>正在写入 {path}…</translation>
    </message>
    <message>
        <source>Saved {file}: {skus} for {store}. {then}</source>
        <translation>已保存 {file}：{store} 的 {skus}。{then}</translation>
    </message>
    <message>
        <source>Upload it where the store takes stock files.</source>
        <translation>请上传到店铺接收库存文件的地方。</translation>
    </message>
</context>
<context>
    <name>reconciliation.bank_dialog</name>
    <message>
        <source>Booking date (required)</source>
        <translation>记账日期（必填）</translation>
    </message>
    <message>
        <source>Amount, signed (or Credit and Debit)</source>
        <translation>金额，带正负号（或分贷方和借方）</translation>
    </message>
    <message>
        <source>Money in (Credit)</source>
        <translation>收入（贷方）</translation>
    </message>
    <message>
        <source>Money out (Debit)</source>
        <translation>支出（借方）</translation>
    </message>
    <message>
        <source>Description / payee</source>
        <translation>摘要 / 收款方</translation>
    </message>
    <message>
        <source>Reference / memo</source>
        <translation>参考号 / 备注</translation>
    </message>
    <message>
        <source>Currency column</source>
        <translation>币种列</translation>
    </message>
    <message>
        <source>The bank&apos;s id for the line</source>
        <translation>银行流水号</translation>
    </message>
    <message>
        <source>Import bank statement {0}</source>
        <translation>导入银行对账单 {0}</translation>
    </message>
    <message>
        <source>Bank layout</source>
        <translation>银行格式</translation>
    </message>
    <message>
        <source>New layout from this file…</source>
        <translation>根据此文件新建格式…</translation>
    </message>
    <message>
        <source>Name it, e.g. the bank and account</source>
        <translation>起个名字，例如银行和账户</translation>
    </message>
    <message>
        <source>Dates are day first (03/07 is 3 July)</source>
        <translation>日期为日在前（03/07 表示 7 月 3 日）</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>格式(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field}：</translation>
    </message>
    <message>
        <source>&amp;Currency when no column says:</source>
        <translation>无币种列时的币种(&amp;C)：</translation>
    </message>
    <message>
        <source>Columns found: {0}</source>
        <translation>找到的列：{0}</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
</context>
<context>
    <name>reconciliation.tab</name>
    <message>
        <source>All stores</source>
        <translation>全部店铺</translation>
    </message>
    <message>
        <source>Shipped, not paid</source>
        <translation>已发货未回款</translation>
    </message>
    <message>
        <source>Paid too little</source>
        <translation>少付</translation>
    </message>
    <message>
        <source>Paid too much</source>
        <translation>多付</translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation>重复扣款</translation>
    </message>
    <message>
        <source>No such order</source>
        <translation>无此订单</translation>
    </message>
    <message>
        <source>Fits several orders</source>
        <translation>对应多个订单</translation>
    </message>
    <message>
        <source>Fee above usual</source>
        <translation>费用高于平常</translation>
    </message>
    <message>
        <source>Refund, no return</source>
        <translation>已退款但未退货</translation>
    </message>
    <message>
        <source>Not in the bank</source>
        <translation>银行未到账</translation>
    </message>
    <message>
        <source>Deposit, no payout</source>
        <translation>有到账无回款记录</translation>
    </message>
    <message>
        <source>Fits several deposits</source>
        <translation>对应多笔到账</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>&amp;Import payouts… (Ctrl+I)</source>
        <translation>导入回款(&amp;I)… (Ctrl+I)</translation>
    </message>
    <message>
        <source>&amp;Find problems (F5)</source>
        <translation>查找问题(&amp;F) (F5)</translation>
    </message>
    <message>
        <source>&amp;Export payout CSV… (Ctrl+E)</source>
        <translation>导出回款 CSV(&amp;E)… (Ctrl+E)</translation>
    </message>
    <message>
        <source>Import &amp;bank statement… (Ctrl+B)</source>
        <translation>导入银行对账单(&amp;B)… (Ctrl+B)</translation>
    </message>
    <message>
        <source>Export &amp;month… (Ctrl+Shift+E)</source>
        <translation>导出月度(&amp;M)… (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>&amp;Link payout ↔ bank line (Ctrl+L)</source>
        <translation>关联回款 ↔ 银行流水(&amp;L) (Ctrl+L)</translation>
    </message>
    <message>
        <source>Import a payout or settlement report to begin.</source>
        <translation>请先导入回款或结算报告。</translation>
    </message>
    <message>
        <source>(bank)</source>
        <translation>（银行）</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Payouts and their deposits</source>
        <translation>回款及其到账</translation>
    </message>
    <message>
        <source>Bank lines</source>
        <translation>银行流水</translation>
    </message>
    <message>
        <source>No payouts yet — Import a payout or settlement report (Shopify Payments, Amazon, PayPal, Stripe, bank CSV).</source>
        <translation>还没有回款 — 请导入回款或结算报告（Shopify Payments、Amazon、PayPal、Stripe、银行 CSV）。</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Why is it fine? (a note is needed to resolve)</source>
        <translation>为什么没问题？（处理需填写备注）</translation>
    </message>
    <message>
        <source>&amp;Resolve (Ctrl+R)</source>
        <translation>标记已处理(&amp;R) (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Store:</source>
        <translation>店铺(&amp;S)：</translation>
    </message>
    <message>
        <source>Lines of the selected payout</source>
        <translation>所选回款的明细</translation>
    </message>
    <message>
        <source>What needs a look</source>
        <translation>需要核查的问题</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Each payout and the bank line it arrived in</source>
        <translation>每笔回款及其到账的银行流水</translation>
    </message>
    <message>
        <source>Bank lines (a payout fitting several is linked by choosing both and Ctrl+L)</source>
        <translation>银行流水（对应多笔的回款：选中两者后按 Ctrl+L 关联）</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明细</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <source>Payouts</source>
        <translation>回款</translation>
    </message>
    <message>
        <source>{payouts} payout(s), {problems} problem(s) to look at. Enter on a problem shows its payout line.</source>
        <translation>{payouts} 笔回款，{problems} 个问题待核查。在问题上按 Enter 可查看对应的回款明细。</translation>
    </message>
    <message>
        <source>This line is about no order.</source>
        <translation>此明细与订单无关。</translation>
    </message>
    <message>
        <source>No order &apos;{ref}&apos; in Backroom ({state}).</source>
        <translation>Backroom 中没有订单“{ref}”（{state}）。</translation>
    </message>
    <message>
        <source>Order {number}: expected {expected}, received {received}, fees {fees} — {status}</source>
        <translation>订单 {number}：应收 {expected}，实收 {received}，费用 {fees} — {status}</translation>
    </message>
    <message>
        <source>Import payout reports</source>
        <translation>导入回款报告</translation>
    </message>
    <message>
        <source>Payout reports (*.csv *.CSV *.txt *.tsv);;All files (*)</source>
        <translation>回款报告 (*.csv *.CSV *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{file}: {new} new, {unchanged} unchanged, {lines} lines ({matched} matched)</source>
        <translation>{file}：新增 {new}，未变 {unchanged}，共 {lines} 行（已匹配 {matched}）</translation>
    </message>
    <message>
        <source>Importing {count} file(s)…</source>
        <translation>正在导入 {count} 个文件…</translation>
    </message>
    <message>
        <source>{new} new problem(s), {open} open, {cleared} cleared.</source>
        <translation>新问题 {new} 个，未处理 {open} 个，已消除 {cleared} 个。</translation>
    </message>
    <message>
        <source>Choose a problem in the list first.</source>
        <translation>请先在列表中选择一个问题。</translation>
    </message>
    <message>
        <source>Resolved: {kind} {order}</source>
        <translation>已处理：{kind} {order}</translation>
    </message>
    <message>
        <source>Choose a payout first.</source>
        <translation>请先选择一笔回款。</translation>
    </message>
    <message>
        <source>Export payout</source>
        <translation>导出回款</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Saved {file}: {lines} lines and the total.</source>
        <translation>已保存 {file}：{lines} 行及合计。</translation>
    </message>
    <message>
        <source>Import a bank statement</source>
        <translation>导入银行对账单</translation>
    </message>
    <message>
        <source>Bank statements (*.csv *.CSV *.txt)</source>
        <translation>银行对账单 (*.csv *.CSV *.txt)</translation>
    </message>
    <message>
        <source>{file}: {new} new bank line(s), {same} already known; {found} payout(s) found in the bank.</source>
        <translation>{file}：新增银行流水 {new} 条，{same} 条已存在；在银行中找到 {found} 笔回款。</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>On the Bank page, choose a payout and the bank line it arrived in, then Ctrl+L.</source>
        <translation>请在“银行”页选择一笔回款及其到账的银行流水，然后按 Ctrl+L。</translation>
    </message>
    <message>
        <source>Payout {0} linked to the bank line of {1}.</source>
        <translation>回款 {0} 已关联到 {1} 的银行流水。</translation>
    </message>
    <message>
        <source>Export the month {0}</source>
        <translation>导出 {0} 月度报表</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <source>Saved {0}: the payouts of {1} with their deposits and problems.</source>
        <translation>已保存 {0}：{1} 的回款及其到账和问题。</translation>
    </message>
</context>
<context>
    <name>returns.exchange_dialog</name>
    <message>
        <source>Exchange for return {0}</source>
        <translation>退货单 {0} 的换货</translation>
    </message>
    <message>
        <source>Back from order {0}: {1}. Scan each replacement item or type its SKU and press Enter; Ctrl+Enter creates the exchange order, Esc leaves.</source>
        <translation>订单 {0} 退回：{1}。扫描每件换货商品，或输入其 SKU 后按 Enter；Ctrl+Enter 创建换货订单，Esc 离开。</translation>
    </message>
    <message>
        <source>Replacement: scan it or type its SKU, Enter</source>
        <translation>换货商品：扫描或输入 SKU，按 Enter</translation>
    </message>
    <message>
        <source>&amp;Replacement</source>
        <translation>换货商品(&amp;R)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>&amp;Create exchange order (Ctrl+Enter)</source>
        <translation>创建换货订单(&amp;C) (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>✔ {0} · {1} in the exchange</source>
        <translation>✔ {0} · 换货共 {1} 件</translation>
    </message>
    <message>
        <source>Scan the replacement item first.</source>
        <translation>请先扫描换货商品。</translation>
    </message>
</context>
<context>
    <name>returns.list_page</name>
    <message>
        <source>Expected</source>
        <translation>待退回</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Awaiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Wrong item sent</source>
        <translation>发错货</translation>
    </message>
    <message>
        <source>Damaged in transit</source>
        <translation>运输途中损坏</translation>
    </message>
    <message>
        <source>Not as described</source>
        <translation>与描述不符</translation>
    </message>
    <message>
        <source>Changed mind</source>
        <translation>不想要了</translation>
    </message>
    <message>
        <source>Doesn&apos;t fit</source>
        <translation>尺寸不合适</translation>
    </message>
    <message>
        <source>Defective</source>
        <translation>质量问题</translation>
    </message>
    <message>
        <source>Arrived too late</source>
        <translation>到货太晚</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source> · OVERDUE</source>
        <translation> · 已逾期</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>&amp;Overdue only</source>
        <translation>仅显示逾期(&amp;O)</translation>
    </message>
    <message>
        <source>Search: return or order number, customer, SKU, tracking</source>
        <translation>搜索：退货单号或订单号、客户、SKU、运单号</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>导出 CSV(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Import returns…</source>
        <translation>导入退货(&amp;I)…</translation>
    </message>
    <message>
        <source>Open the returns a store&apos;s file announces: Amazon&apos;s returns report, or a Shopify orders export with refunds. Importing the same file again changes nothing.</source>
        <translation>按店铺文件中列出的退货创建退货单：Amazon 退货报告，或含退款的 Shopify 订单导出文件。重复导入同一文件不会有任何变化。</translation>
    </message>
    <message>
        <source>No returns yet — Import returns… from a store&apos;s file, or scan a parcel in at the returns station.</source>
        <translation>还没有退货 — 可从店铺文件“导入退货…”，或在退货工位扫描退回的包裹。</translation>
    </message>
    <message>
        <source>Import returns…</source>
        <translation>导入退货…</translation>
    </message>
    <message>
        <source>No return matches the search and filters.</source>
        <translation>没有符合搜索和筛选条件的退货。</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>全部店铺</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>{count}{more} returns</source>
        <translation>{count}{more} 个退货单</translation>
    </message>
    <message>
        <source>Could not load the returns: {error}</source>
        <translation>无法加载退货：{error}</translation>
    </message>
    <message>
        <source>Export returns</source>
        <translation>导出退货</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Import a store&apos;s returns file</source>
        <translation>导入店铺的退货文件</translation>
    </message>
    <message>
        <source>Returns files (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>退货文件 (*.csv *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>{file} ({format}, store {store}): {opened} returns opened, {already} imported before, {skipped} rows left out.</source>
        <translation>{file}（{format}，店铺 {store}）：新建 {opened} 个退货单，{already} 个此前已导入，跳过 {skipped} 行。</translation>
    </message>
    <message>
        <source>Row {row}: {why}</source>
        <translation>第 {row} 行：{why}</translation>
    </message>
    <message>
        <source>… and {count} more rows left out.</source>
        <translation>… 另有 {count} 行被跳过。</translation>
    </message>
</context>
<context>
    <name>returns.reasons_dialog</name>
    <message>
        <source>Return reasons</source>
        <translation>退货原因</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>A reason&apos;s name, e.g. Arrived too late</source>
        <translation>原因名称，例如：到货太晚</translation>
    </message>
    <message>
        <source>Na&amp;me</source>
        <translation>名称(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;name</source>
        <translation>重命名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>停用(&amp;R)</translation>
    </message>
    <message>
        <source>Reasons offered when a return is opened, and counted in the statistics. A retired reason is no longer offered; returns opened with it keep it.</source>
        <translation>创建退货单时可选的原因，也用于统计。停用的原因不再供选择；已使用该原因的退货单保持不变。</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Added “{0}”.</source>
        <translation>已添加“{0}”。</translation>
    </message>
    <message>
        <source>Pick the reason to rename first (arrow keys).</source>
        <translation>请先选择要重命名的原因（方向键）。</translation>
    </message>
    <message>
        <source>Type the new name, then Alt+N.</source>
        <translation>输入新名称，然后按 Alt+N。</translation>
    </message>
    <message>
        <source>“{0}” is now “{1}”.</source>
        <translation>“{0}”已改为“{1}”。</translation>
    </message>
    <message>
        <source>Pick the reason to retire first (arrow keys).</source>
        <translation>请先选择要停用的原因（方向键）。</translation>
    </message>
    <message>
        <source>Retired “{0}”.</source>
        <translation>已停用“{0}”。</translation>
    </message>
    <message>
        <source>Restored “{0}”.</source>
        <translation>已恢复“{0}”。</translation>
    </message>
</context>
<context>
    <name>returns.station</name>
    <message>
        <source>bin {bin}</source>
        <translation>库位 {bin}</translation>
    </message>
    <message>
        <source>— choose a reason —</source>
        <translation>— 选择原因 —</translation>
    </message>
    <message>
        <source>Unknown code {code}: not an order, return, bin or product.</source>
        <translation>未知条码 {code}：不是订单、退货单、库位或商品。</translation>
    </message>
    <message>
        <source>Nothing of order {number} can come back: it never shipped.</source>
        <translation>订单 {number} 无可退回的商品：该订单从未发货。</translation>
    </message>
    <message>
        <source>Nothing of order {number} can come back: every unit is returned already.</source>
        <translation>订单 {number} 无可退回的商品：所有商品均已退回。</translation>
    </message>
    <message>
        <source>Order {number}: scan each item that came back, choose the reason (Alt+R), then Ctrl+Enter</source>
        <translation>订单 {number}：扫描每件退回的商品，选择原因 (Alt+R)，然后按 Ctrl+Enter</translation>
    </message>
    <message>
        <source>Return {number} (order {order}): {todo}</source>
        <translation>退货单 {number}（订单 {order}）：{todo}</translation>
    </message>
    <message>
        <source>everything has arrived</source>
        <translation>已全部到货</translation>
    </message>
    <message>
        <source>1 unit to receive</source>
        <translation>待收 1 件</translation>
    </message>
    <message>
        <source>{count} units to receive</source>
        <translation>待收 {count} 件</translation>
    </message>
    <message>
        <source> — scan where it goes first</source>
        <translation> — 请先扫描去向</translation>
    </message>
    <message>
        <source>Scan the order, its tracking number or the return slip first.</source>
        <translation>请先扫描订单、运单号或退货单。</translation>
    </message>
    <message>
        <source>{sku}: where does it go? Scan a bin, QUARANTINE, SCRAP or SUPPLIER</source>
        <translation>{sku}：放到哪里？请扫描库位、QUARANTINE、SCRAP 或 SUPPLIER</translation>
    </message>
    <message>
        <source>{text}. All arrived: record the refund (Alt+A)</source>
        <translation>{text}。已全部到货：请登记退款 (Alt+A)</translation>
    </message>
    <message>
        <source>{text} · {count} to go</source>
        <translation>{text} · 还剩 {count} 件</translation>
    </message>
    <message>
        <source>Next items go to {where}</source>
        <translation>接下来的商品放到 {where}</translation>
    </message>
    <message>
        <source>a bin (scan it)</source>
        <translation>库位（请扫描）</translation>
    </message>
    <message>
        <source>— scan a bin or place —</source>
        <translation>— 扫描库位或去向 —</translation>
    </message>
    <message>
        <source>{sku}: no more of it can come back from this order.</source>
        <translation>{sku}：此订单中该商品已无可退数量。</translation>
    </message>
    <message>
        <source>{sku}: not on order {number}.</source>
        <translation>{sku}：不在订单 {number} 中。</translation>
    </message>
    <message>
        <source>✔ {sku} comes back · {count} chosen</source>
        <translation>✔ {sku} 退回 · 已选 {count} 件</translation>
    </message>
    <message>
        <source>Scan the bin the next items go back into</source>
        <translation>请扫描接下来商品要放回的库位</translation>
    </message>
    <message>
        <source>Choose the reason first (Alt+R).</source>
        <translation>请先选择原因 (Alt+R)。</translation>
    </message>
    <message>
        <source>Open a return first.</source>
        <translation>请先打开一个退货单。</translation>
    </message>
    <message>
        <source>Type the refund amount first (Alt+A).</source>
        <translation>请先输入退款金额 (Alt+A)。</translation>
    </message>
    <message>
        <source>✔ Refund of {money} recorded for return {number}</source>
        <translation>✔ 已为退货单 {number} 登记退款 {money}</translation>
    </message>
    <message>
        <source>Open a return first: its slip carries its barcode.</source>
        <translation>请先打开一个退货单：退货单上印有它的条码。</translation>
    </message>
    <message>
        <source>Save the return slip</source>
        <translation>保存退货单</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>✔ Return slip saved: {path}</source>
        <translation>✔ 退货单已保存：{path}</translation>
    </message>
    <message>
        <source>Open a return and receive its units first; then Ctrl+Shift+E exchanges them.</source>
        <translation>请先打开退货单并收货；然后按 Ctrl+Shift+E 换货。</translation>
    </message>
    <message>
        <source>Return {number} has an exchange order already: {order}.</source>
        <translation>退货单 {number} 已有换货订单：{order}。</translation>
    </message>
    <message>
        <source>✔ Exchange order {order} created: reserved, ready to pick and pack</source>
        <translation>✔ 已创建换货订单 {order}：库存已预留，可拣货打包</translation>
    </message>
    <message>
        <source>Scan a returned parcel&apos;s order slip, tracking number or return slip</source>
        <translation>请扫描退回包裹的订单条码、运单号或退货单</translation>
    </message>
    <message>
        <source>Order {number} · {store} · {customer}</source>
        <translation>订单 {number} · {store} · {customer}</translation>
    </message>
    <message>
        <source>Opening a return: scan each item that came back.</source>
        <translation>正在创建退货单：请扫描每件退回的商品。</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Returned before</source>
        <translation>此前已退</translation>
    </message>
    <message>
        <source>Coming back</source>
        <translation>本次退回</translation>
    </message>
    <message>
        <source>Return {number} · order {order} · {store} · {customer}</source>
        <translation>退货单 {number} · 订单 {order} · {store} · {customer}</translation>
    </message>
    <message>
        <source> · {received} of {expected} received</source>
        <translation> · 已收 {received}/{expected} 件</translation>
    </message>
    <message>
        <source> · exchange order {order}</source>
        <translation> · 换货订单 {order}</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应退</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>状况</translation>
    </message>
    <message>
        <source>Went to</source>
        <translation>去向</translation>
    </message>
    <message>
        <source>Refunded so far: {money}</source>
        <translation>已退款：{money}</translation>
    </message>
    <message>
        <source>No refund yet.</source>
        <translation>尚未退款。</translation>
    </message>
    <message>
        <source> · waiting: {code}</source>
        <translation> · 等待中：{code}</translation>
    </message>
    <message>
        <source>Next unit: {condition} → {where}</source>
        <translation>下一件：{condition} → {where}</translation>
    </message>
</context>
<context>
    <name>returns.station_layout</name>
    <message>
        <source>New</source>
        <translation>全新</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>已拆封</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>Wrong item</source>
        <translation>发错货</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Back to a bin</source>
        <translation>放回库位</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>隔离区</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>报废</translation>
    </message>
    <message>
        <source>To the supplier</source>
        <translation>退回供应商</translation>
    </message>
    <message>
        <source>Open a return</source>
        <translation>创建退货单</translation>
    </message>
    <message>
        <source>What the customer said</source>
        <translation>客户的说明</translation>
    </message>
    <message>
        <source>Open the return (Ctrl+Enter)</source>
        <translation>创建退货单 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>items, e.g. 24.00</source>
        <translation>商品金额，例如 24.00</translation>
    </message>
    <message>
        <source>We pay the customer</source>
        <translation>由我们退款给客户</translation>
    </message>
    <message>
        <source>The marketplace already paid</source>
        <translation>平台已退款</translation>
    </message>
    <message>
        <source>Record refund (Ctrl+R)</source>
        <translation>登记退款 (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>S&amp;hipping</source>
        <translation>运费(&amp;H)</translation>
    </message>
    <message>
        <source>Restocking &amp;fee</source>
        <translation>重新上架费(&amp;F)</translation>
    </message>
    <message>
        <source>Paid b&amp;y</source>
        <translation>退款方(&amp;Y)</translation>
    </message>
    <message>
        <source>Type a code by hand and press Enter</source>
        <translation>手动输入条码后按 Enter</translation>
    </message>
    <message>
        <source>Scan an order, tracking or return slip · scan a bin, QUARANTINE, SCRAP or SUPPLIER, then the items · F1 new · F2 opened · F3 damaged · F4 wrong item · F5 missing · F6 bin · F7 quarantine · F8 scrap · F9 supplier · Ctrl+R refund · Ctrl+Shift+E exchange · Ctrl+P return slip · Ctrl+Shift+R reasons · Esc leave · Ctrl+M mute</source>
        <translation>扫描订单、运单号或退货单 · 扫描库位、QUARANTINE、SCRAP 或 SUPPLIER，再扫商品 · F1 全新 · F2 已拆封 · F3 已损坏 · F4 发错货 · F5 缺失 · F6 库位 · F7 隔离区 · F8 报废 · F9 供应商 · Ctrl+R 退款 · Ctrl+Shift+E 换货 · Ctrl+P 退货单 · Ctrl+Shift+R 原因 · Esc 离开 · Ctrl+M 静音</translation>
    </message>
</context>
<context>
    <name>returns.tab</name>
    <message>
        <source>R&amp;eceive</source>
        <translation>收货(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;List</source>
        <translation>列表(&amp;L)</translation>
    </message>
</context>
<context>
    <name>settings.carriers_page</name>
    <message>
        <source>Carrier</source>
        <translation>物流商</translation>
    </message>
    <message>
        <source>Service (optional)</source>
        <translation>服务（可选）</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Add &amp;common carriers</source>
        <translation>添加常用物流商(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save carriers</source>
        <translation>保存物流商(&amp;S)</translation>
    </message>
    <message>
        <source>No carriers yet — Add one, or add the common carriers and keep the ones you use.</source>
        <translation>还没有物流商 — 点“添加”，或添加常用物流商后只保留你用的。</translation>
    </message>
    <message>
        <source>Add common carriers</source>
        <translation>添加常用物流商</translation>
    </message>
    <message>
        <source>The packing station&apos;s carrier box offers these, in this order. A service (Express, Tracked 48…) is optional.</source>
        <translation>打包工作台的物流商下拉框按此顺序列出这些物流商。服务（如特快、48 小时可追踪…）可不填。</translation>
    </message>
    <message>
        <source>Added the common carriers: remove the ones you do not use, then Save carriers.</source>
        <translation>已添加常用物流商：删除不用的，然后点“保存物流商”。</translation>
    </message>
    <message>
        <source>Saved the carriers ({count}).</source>
        <translation>物流商已保存（{count} 个）。</translation>
    </message>
</context>
<context>
    <name>settings.dialog</name>
    <message>
        <source>Stores</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Carriers and services</source>
        <translation>物流商与服务</translation>
    </message>
    <message>
        <source>Units and formats</source>
        <translation>单位与格式</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Open &amp;People…</source>
        <translation>打开人员管理(&amp;P)…</translation>
    </message>
    <message>
        <source>Open the &amp;audit trail…</source>
        <translation>打开操作日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Give each person a name, a role (owner, supervisor, packer, accountant) and a PIN; the People screen also sets what each role may do and when an unused station locks itself.</source>
        <translation>为每个人设置姓名、角色（店主、主管、打包员、会计）和 PIN 码；在人员管理中还可以设置各角色的权限，以及工作台闲置多久后自动锁定。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>settings.formats_page</name>
    <message>
        <source>As the system (light or dark)</source>
        <translation>跟随系统（浅色或深色）</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Weights in</source>
        <translation>重量单位(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Sizes in</source>
        <translation>尺寸单位(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Dates as</source>
        <translation>日期格式(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Look</source>
        <translation>外观(&amp;L)</translation>
    </message>
    <message>
        <source>Saved for this PC. Lists show the new units and dates when they refresh; a new look applies after a restart.</source>
        <translation>已为本机保存。列表刷新后显示新的单位和日期；新外观在重启后生效。</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Menus, tabs and messages in this language, and numbers, money and dates written its way.</source>
        <translation>菜单、标签页和提示都使用这种语言，数字、金额和日期也按它的习惯书写。</translation>
    </message>
    <message>
        <source>Saved. Restart Backroom to use it.</source>
        <translation>已保存。重启 Backroom 后生效。</translation>
    </message>
    <message>
        <source>Saved: this is the language in use.</source>
        <translation>已保存：当前正在使用这种语言。</translation>
    </message>
</context>
<context>
    <name>settings.station_page</name>
    <message>
        <source>{station} (this computer&apos;s name)</source>
        <translation>{station}（这台电脑的名称）</translation>
    </message>
    <message>
        <source>Printers…</source>
        <translation>打印机…</translation>
    </message>
    <message>
        <source>Add or change printers (Settings ▸ Printers)</source>
        <translation>添加或修改打印机（设置 ▸ 打印机）</translation>
    </message>
    <message>
        <source>no packing slips at the last scan</source>
        <translation>最后一次扫描时不生成装箱单</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Complete the order on its &amp;last item (then print)</source>
        <translation>扫完最后一件商品即完成订单（然后打印）(&amp;L)</translation>
    </message>
    <message>
        <source>Play &amp;sounds for good and wrong scans</source>
        <translation>扫描正确或错误时播放提示音(&amp;S)</translation>
    </message>
    <message>
        <source>Scanner set-&amp;up…</source>
        <translation>扫描枪设置(&amp;U)…</translation>
    </message>
    <message>
        <source>Scanner &amp;test page…</source>
        <translation>扫描枪测试页(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Save station</source>
        <translation>保存工作台(&amp;S)</translation>
    </message>
    <message>
        <source>Station &amp;name</source>
        <translation>工作台名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Label printer</source>
        <translation>面单打印机(&amp;L)</translation>
    </message>
    <message>
        <source>Packing slip &amp;PDFs to</source>
        <translation>装箱单 PDF 保存到(&amp;P)</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫描枪</translation>
    </message>
    <message>
        <source>A new station name shows after a restart. The rest is used at once.</source>
        <translation>新的工作台名称在重启后显示，其余设置立即生效。</translation>
    </message>
    <message>
        <source>None: no label at the last scan</source>
        <translation>无：最后一次扫描时不打印面单</translation>
    </message>
    <message>
        <source>{printer} (no longer set up)</source>
        <translation>{printer}（已不再设置）</translation>
    </message>
    <message>
        <source>Folder for packing slip PDFs</source>
        <translation>装箱单 PDF 文件夹</translation>
    </message>
    <message>
        <source>serial scanner on {port} at {baud} baud</source>
        <translation>串口扫描枪，端口 {port}，波特率 {baud}</translation>
    </message>
    <message>
        <source>USB keyboard scanner</source>
        <translation>USB 键盘式扫描枪</translation>
    </message>
    <message>
        <source>, prefix {prefix}</source>
        <translation>，前缀 {prefix}</translation>
    </message>
    <message>
        <source>{kind}; keys at most {gap} ms apart{prefix}</source>
        <translation>{kind}；按键间隔不超过 {gap} ms{prefix}</translation>
    </message>
    <message>
        <source>Scanner set — Save station to keep it.</source>
        <translation>扫描枪已设置 — 点“保存工作台”以保留。</translation>
    </message>
    <message>
        <source>Saved for this station.</source>
        <translation>已为此工作台保存。</translation>
    </message>
</context>
<context>
    <name>settings.stores_page</name>
    <message>
        <source>Shop counter</source>
        <translation>门店柜台</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>As the store&apos;s kind takes it</source>
        <translation>按店铺类型默认格式</translation>
    </message>
    <message>
        <source>Amazon flat file (.txt)</source>
        <translation>Amazon 平面文件 (.txt)</translation>
    </message>
    <message>
        <source>Generic CSV (.csv)</source>
        <translation>通用 CSV (.csv)</translation>
    </message>
    <message>
        <source>USD, EUR, GBP, CNY…</source>
        <translation>USD、EUR、GBP、CNY…</translation>
    </message>
    <message>
        <source>&amp;Save store</source>
        <translation>保存店铺(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Add a store</source>
        <translation>添加店铺(&amp;A)</translation>
    </message>
    <message>
        <source>S&amp;tore</source>
        <translation>店铺(&amp;T)</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>C&amp;urrency</source>
        <translation>币种(&amp;U)</translation>
    </message>
    <message>
        <source>T&amp;ime zone</source>
        <translation>时区(&amp;I)</translation>
    </message>
    <message>
        <source>Shipment &amp;confirmations</source>
        <translation>发货确认格式(&amp;C)</translation>
    </message>
    <message>
        <source>Return address, labels and packing slips</source>
        <translation>退货地址、面单和装箱单</translation>
    </message>
    <message>
        <source>(new store)</source>
        <translation>（新店铺）</translation>
    </message>
    <message>
        <source>Type the new store&apos;s name, kind and currency, then Save store.</source>
        <translation>填写新店铺的名称、类型和币种，然后点“保存店铺”。</translation>
    </message>
    <message>
        <source>Saved {store}.</source>
        <translation>已保存 {store}。</translation>
    </message>
    <message>
        <source>Type {store}&apos;s return address, one line per line, then Save store.</source>
        <translation>填写 {store} 的退货地址，每行一项，然后点“保存店铺”。</translation>
    </message>
</context>
<context>
    <name>shell.about</name>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Schema revision</source>
        <translation>数据结构版本</translation>
    </message>
    <message>
        <source>Database file or server</source>
        <translation>数据库文件或服务器</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>About Backroom</source>
        <translation>关于 Backroom</translation>
    </message>
    <message>
        <source>Orders, pick &amp; pack, labels and stock for small online stores.</source>
        <translation>为小型网店管理订单、拣货打包、面单和库存。</translation>
    </message>
    <message>
        <source>{what}:</source>
        <translation>{what}：</translation>
    </message>
    <message>
        <source>&amp;Copy versions</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
</context>
<context>
    <name>shell.database</name>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>Backroom database (*.sqlite3 *.db);;All files (*)</source>
        <translation>Backroom 数据库 (*.sqlite3 *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Restart Backroom?</source>
        <translation>重启 Backroom？</translation>
    </message>
    <message>
        <source>Backroom opens this database from the next start:
{url}

Restart now?</source>
        <translation>下次启动时 Backroom 将打开这个数据库：
{url}

现在重启吗？</translation>
    </message>
</context>
<context>
    <name>shell.first_run</name>
    <message>
        <source>Shop counter</source>
        <translation>门店柜台</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Your store</source>
        <translation>你的店铺</translation>
    </message>
    <message>
        <source>Orders belong to a store: a Shopify shop, an Amazon account, the shop counter. Name yours, or press Enter to keep the stores as they are.</source>
        <translation>订单都属于某个店铺：一个 Shopify 店、一个 Amazon 账号或门店柜台。给你的店铺起个名字，或按回车保持现有店铺不变。</translation>
    </message>
    <message>
        <source>e.g. My Shopify shop</source>
        <translation>如：我的 Shopify 店</translation>
    </message>
    <message>
        <source>S&amp;tore</source>
        <translation>店铺(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Currency</source>
        <translation>币种(&amp;C)</translation>
    </message>
    <message>
        <source>+ a new store</source>
        <translation>+ 新店铺</translation>
    </message>
    <message>
        <source>Return address</source>
        <translation>退货地址</translation>
    </message>
    <message>
        <source>Shipping labels print it as the sender. Leave it empty to do this later (Labels ▸ Store settings).</source>
        <translation>快递面单会把它印作寄件人地址。留空可以以后再填（标签 ▸ 店铺设置）。</translation>
    </message>
    <message>
        <source>One line per line of the address</source>
        <translation>地址每行占一行</translation>
    </message>
    <message>
        <source>&amp;Store</source>
        <translation>店铺(&amp;S)</translation>
    </message>
    <message>
        <source>Return to (&amp;name)</source>
        <translation>收件人（退货）(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <source>Add a store first.</source>
        <translation>请先添加店铺。</translation>
    </message>
    <message>
        <source>Printer test</source>
        <translation>打印机测试</translation>
    </message>
    <message>
        <source>Print a test label to see the printer works. Printers are added in Tools ▸ Printers… (a thermal printer&apos;s address, or a folder for PDFs).</source>
        <translation>打印一张测试面单，确认打印机正常。打印机在 工具 ▸ 打印机… 中添加（热敏打印机的地址，或保存 PDF 的文件夹）。</translation>
    </message>
    <message>
        <source>&amp;Test print</source>
        <translation>测试打印(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Printer</source>
        <translation>打印机(&amp;P)</translation>
    </message>
    <message>
        <source>No printer is set up yet: press Enter to go on, and add one later in Tools ▸ Printers…</source>
        <translation>还没有设置打印机：按回车继续，以后可在 工具 ▸ 打印机… 中添加。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Test print failed: {error}</source>
        <translation>测试打印失败：{error}</translation>
    </message>
    <message>
        <source>Scanner test</source>
        <translation>扫描枪测试</translation>
    </message>
    <message>
        <source>A USB scanner types like a keyboard. The scanner test shows exactly what it sends and how Backroom reads it; Esc closes it.</source>
        <translation>USB 扫描枪像键盘一样输入。扫描枪测试会显示它发送的内容以及 Backroom 如何识别；按 Esc 关闭。</translation>
    </message>
    <message>
        <source>&amp;Open the scanner test…</source>
        <translation>打开扫描枪测试(&amp;O)…</translation>
    </message>
    <message>
        <source>The key gap and prefix of this PC&apos;s scanner are set in Tools ▸ Scanner set-up… (F10).</source>
        <translation>这台电脑扫描枪的按键间隔和前缀在 工具 ▸ 扫描枪设置…（F10）中设置。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>That is all. F1 opens the guide for the tab you are on, Ctrl+K finds any command by name, and Help ▸ Setup guide brings this back.</source>
        <translation>就这些。F1 打开当前标签页的使用指南，Ctrl+K 可按名称查找任意命令，帮助 ▸ 设置向导 可以再次打开本向导。</translation>
    </message>
    <message>
        <source>Set up Backroom</source>
        <translation>设置 Backroom</translation>
    </message>
</context>
<context>
    <name>shell.help_window</name>
    <message>
        <source>Backroom user guide</source>
        <translation>Backroom 使用指南</translation>
    </message>
    <message>
        <source>Search the guide (Ctrl+F)</source>
        <translation>搜索指南 (Ctrl+F)</translation>
    </message>
    <message>
        <source>The guide&apos;s pages were not found in {folder}.</source>
        <translation>在 {folder} 中找不到指南页面。</translation>
    </message>
    <message>
        <source>{shown} of {total} pages</source>
        <translation>{shown} / {total} 页</translation>
    </message>
    <message>
        <source>{title} — Backroom user guide</source>
        <translation>{title} — Backroom 使用指南</translation>
    </message>
</context>
<context>
    <name>shell.menus</name>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Pick &amp; Pack</source>
        <translation>拣货打包</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>经营分析</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Stock</source>
        <translation>库存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Connect to database…</source>
        <translation>连接数据库(&amp;C)…</translation>
    </message>
    <message>
        <source>Choosing another database is not in this build yet; start Backroom with --db.</source>
        <translation>此版本还不能切换数据库；请用 --db 启动 Backroom。</translation>
    </message>
    <message>
        <source>&amp;Import orders…</source>
        <translation>导入订单(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>Backups are set up when Backroom starts from main.py.</source>
        <translation>从 main.py 启动 Backroom 时才会设置备份。</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>Command &amp;palette…</source>
        <translation>命令面板(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>The Settings dialog is not in this build yet.</source>
        <translation>此版本还没有设置对话框。</translation>
    </message>
    <message>
        <source>Scanner set-&amp;up…</source>
        <translation>扫描枪设置(&amp;U)…</translation>
    </message>
    <message>
        <source>Scanner &amp;test…</source>
        <translation>扫描枪测试(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Printers…</source>
        <translation>打印机(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Setup guide…</source>
        <translation>设置向导(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;About Backroom</source>
        <translation>关于 Backroom(&amp;A)</translation>
    </message>
    <message>
        <source>restore a backup</source>
        <translation>恢复备份</translation>
    </message>
</context>
<context>
    <name>shell.palette</name>
    <message>
        <source>Command palette</source>
        <translation>命令面板</translation>
    </message>
    <message>
        <source>Type a command or a tab — Enter runs it, Esc closes</source>
        <translation>输入命令或标签页名称 — 回车执行，Esc 关闭</translation>
    </message>
    <message>
        <source>{count} found</source>
        <translation>找到 {count} 项</translation>
    </message>
</context>
<context>
    <name>stock.history</name>
    <message>
        <source>This product</source>
        <translation>此商品</translation>
    </message>
    <message>
        <source>This bin</source>
        <translation>此库位</translation>
    </message>
    <message>
        <source>This product in this bin</source>
        <translation>此库位中的此商品</translation>
    </message>
    <message>
        <source>Select a row to see its movement history.</source>
        <translation>选择一行查看其库存变动记录。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>All reasons</source>
        <translation>全部原因</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出变动记录</translation>
    </message>
    <message>
        <source>Saved {moves} to {path}</source>
        <translation>已将 {moves} 保存到 {path}</translation>
    </message>
</context>
<context>
    <name>stock.levels</name>
    <message>
        <source>Low stock: {total_available} available, reorder at {reorder_point}</source>
        <translation>库存不足：可用 {total_available}，补货点 {reorder_point}</translation>
    </message>
    <message>
        <source>Filter by SKU, name or bin</source>
        <translation>按 SKU、名称或库位筛选</translation>
    </message>
    <message>
        <source>Low stock only</source>
        <translation>只看库存不足</translation>
    </message>
    <message>
        <source>&amp;Move stock…</source>
        <translation>移库(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Adjust…</source>
        <translation>调整(&amp;A)…</translation>
    </message>
    <message>
        <source> · bin {bin}</source>
        <translation> · 库位 {bin}</translation>
    </message>
</context>
<context>
    <name>stock.move_dialog</name>
    <message>
        <source>Move stock between bins</source>
        <translation>在库位之间移库</translation>
    </message>
    <message>
        <source>Scan or type, then Enter</source>
        <translation>扫描或输入，然后按回车</translation>
    </message>
    <message>
        <source>Start &amp;over</source>
        <translation>重新开始(&amp;O)</translation>
    </message>
    <message>
        <source>1. Scan the bin to take stock FROM</source>
        <translation>1. 扫描要取货的来源库位</translation>
    </message>
    <message>
        <source>{code} is not a bin. Scan the from-bin first.</source>
        <translation>{code} 不是库位。请先扫描来源库位。</translation>
    </message>
    <message>
        <source>2. Scan the items to move from {from_bin}, then the to-bin</source>
        <translation>2. 扫描要从 {from_bin} 移出的商品，再扫描目标库位</translation>
    </message>
    <message>
        <source>Scan at least one item before the to-bin.</source>
        <translation>扫描目标库位之前请至少扫描一件商品。</translation>
    </message>
    <message>
        <source>Moved to {to_bin}: {moved}. Scan the next from-bin, or close.</source>
        <translation>已移到 {to_bin}：{moved}。请扫描下一个来源库位，或关闭。</translation>
    </message>
    <message>
        <source>Adjust stock</source>
        <translation>库存调整</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>SKU or barcode</source>
        <translation>SKU 或条码</translation>
    </message>
    <message>
        <source>Change (+ adds, − removes)</source>
        <translation>变动数量（+ 增加，− 减少）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>stock.product_dialog</name>
    <message>
        <source>Edit product</source>
        <translation>编辑商品</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>e.g. A-01-2</source>
        <translation>如 A-01-2</translation>
    </message>
    <message>
        <source>One per line: EAN-13, UPC-A or your own code.
Scan the item to add its code.</source>
        <translation>每行一个：EAN-13、UPC-A 或自定义编码。
扫描商品即可添加其条码。</translation>
    </message>
    <message>
        <source>&amp;SKU</source>
        <translation>&amp;SKU</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Price</source>
        <translation>售价(&amp;P)</translation>
    </message>
    <message>
        <source>C&amp;ost</source>
        <translation>成本(&amp;O)</translation>
    </message>
    <message>
        <source>C&amp;urrency</source>
        <translation>币种(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Bin</source>
        <translation>库位(&amp;B)</translation>
    </message>
    <message>
        <source>Bar&amp;codes</source>
        <translation>条码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Weight</source>
        <translation>重量(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;HS code</source>
        <translation>HS 编码(&amp;H)</translation>
    </message>
    <message>
        <source>Countr&amp;y of origin</source>
        <translation>原产国(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Reorder point</source>
        <translation>补货点(&amp;R)</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>售价</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
</context>
<context>
    <name>stock.tab</name>
    <message>
        <source>Search SKU, name or barcode  (Ctrl+F)</source>
        <translation>搜索 SKU、名称或条码  (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;New product</source>
        <translation>新建商品(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>No products yet — New product…, or import your products file (backroom products import).</source>
        <translation>还没有商品 — 点击“新建商品…”，或导入商品文件（backroom products import）。</translation>
    </message>
    <message>
        <source>New product…</source>
        <translation>新建商品…</translation>
    </message>
    <message>
        <source>No product matches the search.</source>
        <translation>没有符合搜索的商品。</translation>
    </message>
    <message>
        <source>Select a product to see its stock and history.</source>
        <translation>选择一个商品查看其库存和变动记录。</translation>
    </message>
    <message>
        <source>Movement history (running balance over all bins)</source>
        <translation>库存变动记录（所有库位的累计结余）</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>{total:,} products</source>
        <translation>{total:,} 个商品</translation>
    </message>
    <message>
        <source>No product selected.</source>
        <translation>未选择商品。</translation>
    </message>
    <message>
        <source>{bin}: {on_hand} on hand, {reserved} reserved</source>
        <translation>{bin}：在库 {on_hand}，已预留 {reserved}</translation>
    </message>
    <message>
        <source>No stock in any bin.</source>
        <translation>所有库位都没有库存。</translation>
    </message>
    <message>
        <source>Barcodes: {value}
{bins}</source>
        <translation>条码：{value}
{bins}</translation>
    </message>
</context>
<context>
    <name>suppliers.dialogs</name>
    <message>
        <source>Sea (slow)</source>
        <translation>海运（慢船）</translation>
    </message>
    <message>
        <source>Sea (fast)</source>
        <translation>海运（快船）</translation>
    </message>
    <message>
        <source>Air</source>
        <translation>空运</translation>
    </message>
    <message>
        <source>Express</source>
        <translation>快递</translation>
    </message>
    <message>
        <source>Strategic</source>
        <translation>战略</translation>
    </message>
    <message>
        <source>Preferred</source>
        <translation>优选</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备选</translation>
    </message>
    <message>
        <source>On trial</source>
        <translation>试用中</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>USD, CNY, EUR…</source>
        <translation>USD、CNY、EUR…</translation>
    </message>
    <message>
        <source>e.g. 30% deposit, 70% against B/L</source>
        <translation>例如：30% 定金，70% 见提单付款</translation>
    </message>
    <message>
        <source>&amp;Active</source>
        <translation>启用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Currency</source>
        <translation>币种(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;lass</source>
        <translation>类别(&amp;L)</translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation>联系人(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>电子邮件(&amp;E)</translation>
    </message>
    <message>
        <source>Payment &amp;terms</source>
        <translation>付款条件(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Incoterm</source>
        <translation>贸易术语(&amp;I)</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>New purchase order</source>
        <translation>新建采购单</translation>
    </message>
    <message>
        <source>One line each: SKU:QTY or SKU:QTY@COST
e.g. MUG-RED:24@2.40  (cost per unit, supplier&apos;s currency; blank = price list)</source>
        <translation>每行一条：SKU:数量 或 SKU:数量@成本
例如 MUG-RED:24@2.40（单件成本，供应商币种；不填 = 按价目表）</translation>
    </message>
    <message>
        <source>&amp;Supplier</source>
        <translation>供应商(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Lines</source>
        <translation>明细(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Promised by</source>
        <translation>承诺交货日(&amp;P)</translation>
    </message>
    <message>
        <source>Add a supplier first.</source>
        <translation>请先添加供应商。</translation>
    </message>
    <message>
        <source>score – (no history yet)</source>
        <translation>评分 –（暂无记录）</translation>
    </message>
    <message>
        <source>score {score} / 100</source>
        <translation>评分 {score} / 100</translation>
    </message>
    <message>
        <source>&amp;Rate: 1 {currency} = ? {home}</source>
        <translation>汇率(&amp;R)：1 {currency} = ? {home}</translation>
    </message>
    <message>
        <source>Ship {number}</source>
        <translation>发货 {number}</translation>
    </message>
    <message>
        <source>container no. (sea) or AWB (air)</source>
        <translation>集装箱号（海运）或空运提单号 AWB（空运）</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>运输方式(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Units (SKU:QTY)</source>
        <translation>件数(&amp;U)（SKU:数量）</translation>
    </message>
    <message>
        <source>&amp;ETA</source>
        <translation>预计到达(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Tracking</source>
        <translation>跟踪号(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Container / AWB</source>
        <translation>集装箱号 / AWB(&amp;C)</translation>
    </message>
</context>
<context>
    <name>suppliers.document_dialog</name>
    <message>
        <source>&amp;Save PDF… (Ctrl+S)</source>
        <translation>保存 PDF(&amp;S)… (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Print… (Ctrl+P)</source>
        <translation>打印(&amp;P)… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to {0}.</source>
        <translation>已保存到 {0}。</translation>
    </message>
</context>
<context>
    <name>suppliers.pages</name>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>付款条件</translation>
    </message>
    <message>
        <source>Incoterm</source>
        <translation>贸易术语</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品数</translation>
    </message>
    <message>
        <source>Open POs</source>
        <translation>未完成采购单</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>No suppliers yet — New supplier…, or Import a price list.</source>
        <translation>还没有供应商 — 点“新建供应商…”，或导入价目表。</translation>
    </message>
    <message>
        <source>New supplier…</source>
        <translation>新建供应商…</translation>
    </message>
    <message>
        <source>Import price list…</source>
        <translation>导入价目表…</translation>
    </message>
    <message>
        <source>&amp;New supplier… (Ctrl+N)</source>
        <translation>新建供应商(&amp;N)… (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Edit… (Enter)</source>
        <translation>编辑(&amp;E)… (Enter)</translation>
    </message>
    <message>
        <source>&amp;Import price list…</source>
        <translation>导入价目表(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Import suppliers</source>
        <translation>导入供应商</translation>
    </message>
    <message>
        <source>Price lists (*.csv *.xlsx)</source>
        <translation>价目表 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>{new} new supplier(s), {updated} updated; {prices_new} new price(s), {prices_updated} updated.</source>
        <translation>新增供应商 {new} 个，更新 {updated} 个；新增价格 {prices_new} 条，更新 {prices_updated} 条。</translation>
    </message>
    <message>
        <source>Export suppliers</source>
        <translation>导出供应商</translation>
    </message>
    <message>
        <source>Wrote {path}.</source>
        <translation>已写入 {path}。</translation>
    </message>
    <message>
        <source>PO</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Total (supplier)</source>
        <translation>总额（供应商币种）</translation>
    </message>
    <message>
        <source>Total (store)</source>
        <translation>总额（本店币种）</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺交货日</translation>
    </message>
    <message>
        <source>&amp;New PO… (Ctrl+Shift+N)</source>
        <translation>新建采购单(&amp;N)… (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>&amp;Send (Ctrl+Shift+S)</source>
        <translation>发送(&amp;S) (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>S&amp;hip… (Ctrl+Shift+H)</source>
        <translation>发货(&amp;H)… (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>&amp;Receive (Ctrl+Shift+R)</source>
        <translation>收货(&amp;R) (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>&amp;Cancel PO</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;lose PO</source>
        <translation>关闭(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;PDF for supplier… (Ctrl+Shift+D)</source>
        <translation>供应商 PDF(&amp;P)… (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>&amp;Bin labels… (Ctrl+Shift+B)</source>
        <translation>库位标签(&amp;B)… (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <source>rate 1 {cur} = {rate} {home} · total {total}</source>
        <translation>汇率 1 {cur} = {rate} {home} · 总额 {total}</translation>
    </message>
    <message>
        <source> — shipped {shipped}, in transit {in_transit}, received {received}, damaged {damaged}, short {short}</source>
        <translation> — 已发货 {shipped}，在途 {in_transit}，已收货 {received}，损坏 {damaged}，短缺 {short}</translation>
    </message>
    <message>
        <source>{number} by {mode} · {status} · ETA {eta} · tracking {tracking}</source>
        <translation>{number} · {mode} · {status} · 预计到达 {eta} · 跟踪号 {tracking}</translation>
    </message>
    <message>
        <source>{number} drafted. {note}</source>
        <translation>已起草 {number}。{note}</translation>
    </message>
    <message>
        <source>{number}: {units} unit(s) in transit.</source>
        <translation>{number}：{units} 件在途。</translation>
    </message>
    <message>
        <source>{0} for {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>partly shipped</source>
        <translation>部分发货</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>partly received</source>
        <translation>部分收货</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>in transit</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Bin labels</source>
        <translation>库位标签</translation>
    </message>
    <message>
        <source>Labels for {0}: scan one to put the goods away.</source>
        <translation>{0} 的标签：扫描其中一个即可上架。</translation>
    </message>
    <message>
        <source>POs</source>
        <translation>采购单数</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>准时率</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>满足率</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>次品率</translation>
    </message>
    <message>
        <source>Price vs agreed</source>
        <translation>价格偏差</translation>
    </message>
    <message>
        <source>Lead promised (d)</source>
        <translation>承诺交期（天）</translation>
    </message>
    <message>
        <source>Lead actual (d)</source>
        <translation>实际交期（天）</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>POs of the last 12 months. Score out of 100, weighted: on time {on_time} · fill {fill} · quality {quality} · lead time {lead} · price {price}; a supplier on trial or scoring below {warn} gets a warning when a PO is drafted.</source>
        <translation>最近 12 个月的采购单。评分满分 100，权重：准时 {on_time} · 满足率 {fill} · 质量 {quality} · 交期 {lead} · 价格 {price}；试用中或评分低于 {warn} 的供应商在起草采购单时会收到警告。</translation>
    </message>
</context>
<context>
    <name>suppliers.receiving_page</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应到</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良品</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>Still to come</source>
        <translation>未到</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>每箱数量</translation>
    </message>
    <message>
        <source>No purchase order open</source>
        <translation>未打开采购单</translation>
    </message>
    <message>
        <source>1 · Scan the PO or shipment barcode   2 · Scan each item (a carton counts its pack; type a number + Enter first for a quantity)   3 · Scan the bin to put away</source>
        <translation>1 · 扫描采购单或货运条码   2 · 逐件扫描商品（扫外箱按整箱计数；先输入数字并按 Enter 可指定数量）   3 · 扫描库位完成上架</translation>
    </message>
    <message>
        <source>Scan a PO or shipment to start.</source>
        <translation>请扫描采购单或货运条码开始。</translation>
    </message>
    <message>
        <source>Scan, or type a code / a quantity and press Enter</source>
        <translation>扫描，或输入条码 / 数量后按 Enter</translation>
    </message>
    <message>
        <source>&amp;Damaged: next scans go to quarantine (F6)</source>
        <translation>损坏(&amp;D)：之后扫描的商品进入隔离区 (F6)</translation>
    </message>
    <message>
        <source>Rest is &amp;short: the bin scan records what did not come (F7)</source>
        <translation>其余短缺(&amp;S)：扫描库位时登记未到的数量 (F7)</translation>
    </message>
    <message>
        <source>Allow &amp;over-receipt… (F8)</source>
        <translation>允许超收(&amp;O)… (F8)</translation>
    </message>
    <message>
        <source>Drop counts (Esc)</source>
        <translation>放弃计数 (Esc)</translation>
    </message>
    <message>
        <source>&amp;Bin labels… (F9)</source>
        <translation>库位标签(&amp;B)… (F9)</translation>
    </message>
    <message>
        <source>Print labels for the bins this PO&apos;s goods go into</source>
        <translation>为此采购单货物要放入的库位打印标签</translation>
    </message>
    <message>
        <source>Quantity {quantity}: now scan the item.</source>
        <translation>数量 {quantity}：现在请扫描商品。</translation>
    </message>
    <message>
        <source>{number} open: scan the items.</source>
        <translation>已打开 {number}：请扫描商品。</translation>
    </message>
    <message>
        <source>damaged → quarantine</source>
        <translation>损坏 → 隔离区</translation>
    </message>
    <message>
        <source>good</source>
        <translation>良品</translation>
    </message>
    <message>
        <source>+{units} {sku} ({where}). {counted} of {expected}.</source>
        <translation>+{units} {sku}（{where}）。已计 {counted}/{expected}。</translation>
    </message>
    <message>
        <source>Nothing counted yet: scan the items, then the bin.</source>
        <translation>尚未计数：请先扫描商品，再扫描库位。</translation>
    </message>
    <message>
        <source>{number}: {good} put away in {bin}, {damaged} to quarantine, {short} short. PO {status}. Scan the next PO.</source>
        <translation>{number}：{good} 件已上架到 {bin}，{damaged} 件进入隔离区，短缺 {short} 件。采购单{status}。请扫描下一张采购单。</translation>
    </message>
    <message>
        <source>Scan a PO first: its bins get the labels.</source>
        <translation>请先扫描采购单：标签按其库位打印。</translation>
    </message>
    <message>
        <source>Over-receipt</source>
        <translation>超收</translation>
    </message>
    <message>
        <source>Why take more than was shipped?</source>
        <translation>为什么要收下比发货数量更多的商品？</translation>
    </message>
    <message>
        <source>Over-receipt allowed: {reason}</source>
        <translation>已允许超收：{reason}</translation>
    </message>
    <message>
        <source>Counts dropped; nothing was written.</source>
        <translation>已放弃计数；未写入任何数据。</translation>
    </message>
</context>
<context>
    <name>suppliers.replenish_page</name>
    <message>
        <source>Late: order now, stockout anyway</source>
        <translation>已迟：立即下单，仍会断货</translation>
    </message>
    <message>
        <source>Order now: air + sea</source>
        <translation>立即下单：空运 + 海运</translation>
    </message>
    <message>
        <source>Order now by sea</source>
        <translation>立即海运下单</translation>
    </message>
    <message>
        <source>Order soon</source>
        <translation>即将需要下单</translation>
    </message>
    <message>
        <source>Covered</source>
        <translation>库存充足</translation>
    </message>
    <message>
        <source>No supplier</source>
        <translation>无供应商</translation>
    </message>
    <message>
        <source>No sales</source>
        <translation>无销量</translation>
    </message>
    <message>
        <source>sea</source>
        <translation>海运</translation>
    </message>
    <message>
        <source>fast sea</source>
        <translation>快船海运</translation>
    </message>
    <message>
        <source>air</source>
        <translation>空运</translation>
    </message>
    <message>
        <source>express</source>
        <translation>快递</translation>
    </message>
    <message>
        <source>{sku} sold nothing in the last weeks: nothing to order.</source>
        <translation>{sku} 最近几周没有销量：无需下单。</translation>
    </message>
    <message>
        <source>Demand: {per_day} a day over the last 4 weeks ({trend} a day per week of trend, followed for {days} days).</source>
        <translation>需求：最近 4 周每天 {per_day} 件（趋势每周每天 {trend} 件，沿用 {days} 天）。</translation>
    </message>
    <message>
        <source>Weekday weights (1 = an average day): {weights}.</source>
        <translation>星期权重（1 = 平均一天）：{weights}。</translation>
    </message>
    <message>
        <source>Cover: {on_hand} salable + {coming} coming (each counted from its arrival day): no stockout in sight.</source>
        <translation>可售天数：可售 {on_hand} + 在途 {coming}（各自从到货日起计）：近期不会断货。</translation>
    </message>
    <message>
        <source>Cover: {on_hand} salable + {coming} coming (each counted from its arrival day) = {days} days; runs out on {stockout}.</source>
        <translation>可售天数：可售 {on_hand} + 在途 {coming}（各自从到货日起计）= {days} 天；将于 {stockout} 断货。</translation>
    </message>
    <message>
        <source>No supplier sells it: add it to a supplier&apos;s price list.</source>
        <translation>没有供应商供应此商品：请把它加入某个供应商的价目表。</translation>
    </message>
    <message>
        <source>Class {abc} by sales value: service level {service}; weekly sales vary by {sd} units (standard deviation).</source>
        <translation>按销售额分为 {abc} 类：服务水平 {service}；每周销量波动 {sd} 件（标准差）。</translation>
    </message>
    <message>
        <source>freight unknown</source>
        <translation>运费未知</translation>
    </message>
    <message>
        <source>freight {amount}</source>
        <translation>运费 {amount}</translation>
    </message>
    <message>
        <source>By {mode}: {days} days, arrives {arrives} ({timing}); {landed} a unit landed ({freight}); safety stock {safety}; alone it would need {alone} units.</source>
        <translation>{mode}：{days} 天，{arrives} 到货（{timing}）；到岸成本每件 {landed}（{freight}）；安全库存 {safety}；单用此方式需 {alone} 件。</translation>
    </message>
    <message>
        <source>in time</source>
        <translation>来得及</translation>
    </message>
    <message>
        <source>too late</source>
        <translation>来不及</translation>
    </message>
    <message>
        <source>Quantities cover {review} days after arrival plus safety stock, in packs of {pack}, at least {moq}.</source>
        <translation>数量覆盖到货后 {review} 天的需求加安全库存，按每包 {pack} 件取整，至少 {moq} 件。</translation>
    </message>
    <message>
        <source>Quantities cover {review} days after arrival plus safety stock, in packs of {pack}.</source>
        <translation>数量覆盖到货后 {review} 天的需求加安全库存，按每包 {pack} 件取整。</translation>
    </message>
    <message>
        <source>Nothing to order yet: order by {mode} by {day}.</source>
        <translation>暂不需要下单：请在 {day} 前以{mode}下单。</translation>
    </message>
    <message>
        <source>That saves {amount} against air later.</source>
        <translation>比以后改用空运节省 {amount}。</translation>
    </message>
    <message>
        <source>Order {quantity} by {mode} now: arrives {arrives}, {cost}.</source>
        <translation>现在以{mode}订购 {quantity} 件：{arrives} 到货，{cost}。</translation>
    </message>
    <message>
        <source>Split: the faster mode only bridges until a sea order placed today arrives; the rest goes by sea.</source>
        <translation>拆分：较快的方式只补足到今天下的海运单到货为止；其余走海运。</translation>
    </message>
    <message>
        <source>Extra cost against sending it all by sea: {amount}.</source>
        <translation>比全部走海运多花：{amount}。</translation>
    </message>
    <message>
        <source>Even the fastest mode arrives {days} day(s) after the stockout.</source>
        <translation>即使最快的方式也要在断货后 {days} 天才到货。</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>下单</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Need</source>
        <translation>需求</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>日均销量</translation>
    </message>
    <message>
        <source>Salable</source>
        <translation>可售</translation>
    </message>
    <message>
        <source>Coming</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>可售天数</translation>
    </message>
    <message>
        <source>Order by</source>
        <translation>最晚下单</translation>
    </message>
    <message>
        <source>To order</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Extra</source>
        <translation>多付</translation>
    </message>
    <message>
        <source>Tick the lines to order (Space)</source>
        <translation>勾选要下单的行（空格）</translation>
    </message>
    <message>
        <source>What to do: the colour says how urgent</source>
        <translation>该做什么：颜色表示紧急程度</translation>
    </message>
    <message>
        <source>Units sold per day (forecast)</source>
        <translation>每天售出件数（预测）</translation>
    </message>
    <message>
        <source>Salable units in stock now</source>
        <translation>当前库存中可售的件数</translation>
    </message>
    <message>
        <source>Units on open purchase orders</source>
        <translation>未完成采购单上的在途件数</translation>
    </message>
    <message>
        <source>Cover in days: how long salable and coming units last</source>
        <translation>可售天数：可售和在途的件数能卖多少天</translation>
    </message>
    <message>
        <source>The day it runs out</source>
        <translation>断货的日期</translation>
    </message>
    <message>
        <source>The last day to order by sea and still arrive in time</source>
        <translation>走海运仍能及时到货的最晚下单日</translation>
    </message>
    <message>
        <source>Suggested quantities and modes</source>
        <translation>建议的数量和运输方式</translation>
    </message>
    <message>
        <source>Cost of the suggested order</source>
        <translation>建议订购的成本</translation>
    </message>
    <message>
        <source>Extra cost against sending it all by sea</source>
        <translation>比全部走海运多付的费用</translation>
    </message>
    <message>
        <source>Stockout</source>
        <translation>断货日</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Sales and forecast</source>
        <translation>销量与预测</translation>
    </message>
    <message>
        <source>sold per day</source>
        <translation>每日销量</translation>
    </message>
    <message>
        <source>forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>d MMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>目的地</translation>
    </message>
    <message>
        <source>Plan again (F5)</source>
        <translation>重新计算 (F5)</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Why: the figures behind the selected line.</source>
        <translation>原因：所选行背后的数据。</translation>
    </message>
    <message>
        <source>Create draft POs ({keys})</source>
        <translation>生成采购单草稿 ({keys})</translation>
    </message>
    <message>
        <source>Destination:</source>
        <translation>目的地：</translation>
    </message>
    <message>
        <source>Space ticks a line, Ctrl+A ticks all to order</source>
        <translation>空格勾选一行，Ctrl+A 勾选全部需下单的行</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>本地仓库</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>正在计算补货计划…</translation>
    </message>
    <message>
        <source>{count} {need}</source>
        <translation>{need} {count} 个</translation>
    </message>
    <message>
        <source>to order {cost} {currency}, extra for speed {extra}, saved by ordering by sea in time {saving}</source>
        <translation>待下单 {cost} {currency}，加急多付 {extra}，及时海运可省 {saving}</translation>
    </message>
    <message>
        <source>As of {day}: </source>
        <translation>截至 {day}：</translation>
    </message>
    <message>
        <source>nothing sold</source>
        <translation>没有销量</translation>
    </message>
    <message>
        <source>{sku}: sold per day and forecast</source>
        <translation>{sku}：每日销量与预测</translation>
    </message>
    <message>
        <source>Tick the lines to order first (Space, or Ctrl+A for all).</source>
        <translation>请先勾选要下单的行（空格，或 Ctrl+A 全选）。</translation>
    </message>
    <message>
        <source>Draft POs {numbers} made; see Purchase orders.</source>
        <translation>已生成采购单草稿 {numbers}；请在“采购单”中查看。</translation>
    </message>
</context>
<context>
    <name>suppliers.tab</name>
    <message>
        <source>Suppliers</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Purchase orders</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Scorecard</source>
        <translation>供应商评分</translation>
    </message>
    <message>
        <source>Replenishment</source>
        <translation>补货</translation>
    </message>
</context>
<context>
    <name>suppliers.trend_chart</name>
    <message>
        <source>{0}: the last {1} months</source>
        <translation>{0}：最近 {1} 个月</translation>
    </message>
    <message>
        <source>on time, score</source>
        <translation>准时率、评分</translation>
    </message>
    <message>
        <source>lead time (days)</source>
        <translation>交期（天）</translation>
    </message>
    <message>
        <source>cost per unit ({0})</source>
        <translation>单件成本（{0}）</translation>
    </message>
    <message>
        <source>On time %</source>
        <translation>准时率 %</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Lead time (days)</source>
        <translation>交期（天）</translation>
    </message>
    <message>
        <source>Cost per unit ({0})</source>
        <translation>单件成本（{0}）</translation>
    </message>
    <message>
        <source>{0}: no purchase orders in the last {1} months</source>
        <translation>{0}：最近 {1} 个月没有采购单</translation>
    </message>
</context>
<context>
    <name>today.page</name>
    <message>
        <source>Orders to pack</source>
        <translation>待打包订单</translation>
    </message>
    <message>
        <source>Shipped today</source>
        <translation>今日已发货</translation>
    </message>
    <message>
        <source>Returns to process</source>
        <translation>待处理退货</translation>
    </message>
    <message>
        <source>Low stock (at or below reorder point)</source>
        <translation>库存不足（不高于补货点）</translation>
    </message>
    <message>
        <source>Stock to push to stores</source>
        <translation>待推送到店铺的库存</translation>
    </message>
    <message>
        <source>Payouts with problems</source>
        <translation>有问题的回款</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>{tab} tab</source>
        <translation>“{tab}”页</translation>
    </message>
    <message>
        <source>&amp;What needs doing (Enter opens its tab)</source>
        <translation>待办事项(&amp;W)（按 Enter 打开对应页面）</translation>
    </message>
    <message>
        <source>&amp;Sales and profit per store</source>
        <translation>各店铺销售额和利润(&amp;S)</translation>
    </message>
    <message>
        <source>no goal set</source>
        <translation>未设目标</translation>
    </message>
    <message>
        <source>sales {pct}%</source>
        <translation>销售额 {pct}%</translation>
    </message>
    <message>
        <source>profit {pct}%</source>
        <translation>利润 {pct}%</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>按计划</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <source>{parts} of goal, pace {pace}% — {state}</source>
        <translation>目标达成 {parts}，进度 {pace}% — {state}</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation>今日：{day}</translation>
    </message>
    <message>
        <source>dddd d MMMM yyyy</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <source>Put aside at the station</source>
        <translation>在工作台搁置</translation>
    </message>
    <message>
        <source>Scan refused</source>
        <translation>扫描被拒</translation>
    </message>
    <message>
        <source>Taken over from another station</source>
        <translation>从其他工作台接手</translation>
    </message>
    <message>
        <source>Short at picking</source>
        <translation>拣货缺货</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Moved between bins</source>
        <translation>库位间移库</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Stock count reversed</source>
        <translation>盘点已冲销</translation>
    </message>
    <message>
        <source>Products file</source>
        <translation>商品文件</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>已冲销</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>bins</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新订单</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Demo store made</source>
        <translation>已生成演示店铺</translation>
    </message>
    <message>
        <source>Released from hold</source>
        <translation>已解除暂停</translation>
    </message>
    <message>
        <source>Priority set</source>
        <translation>已设优先级</translation>
    </message>
    <message>
        <source>Address edited</source>
        <translation>已修改地址</translation>
    </message>
    <message>
        <source>Entered by hand</source>
        <translation>手动录入</translation>
    </message>
    <message>
        <source>Updated by import</source>
        <translation>导入时更新</translation>
    </message>
    <message>
        <source>Replaced by import</source>
        <translation>导入时替换</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <source>Stock sent to the store</source>
        <translation>已推送库存到店铺</translation>
    </message>
    <message>
        <source>SKU linked</source>
        <translation>已关联 SKU</translation>
    </message>
    <message>
        <source>Listing linked</source>
        <translation>已关联刊登</translation>
    </message>
    <message>
        <source>Buffer cleared</source>
        <translation>已清除安全库存</translation>
    </message>
    <message>
        <source>Payouts imported</source>
        <translation>已导入回款</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>已过账</translation>
    </message>
    <message>
        <source>Costs entered</source>
        <translation>已录入费用</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Tracking number added</source>
        <translation>已添加运单号</translation>
    </message>
    <message>
        <source>Stock adjusted</source>
        <translation>库存已调整</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>User added</source>
        <translation>已添加用户</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation>登录被拒</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>角色已变更</translation>
    </message>
    <message>
        <source>Reactivated</source>
        <translation>已重新启用</translation>
    </message>
    <message>
        <source>PIN set</source>
        <translation>已设置 PIN 码</translation>
    </message>
    <message>
        <source>Permissions changed</source>
        <translation>权限已变更</translation>
    </message>
    <message>
        <source>Problem resolved</source>
        <translation>问题已解决</translation>
    </message>
    <message>
        <source>Payout linked to a deposit</source>
        <translation>回款已关联到账</translation>
    </message>
    <message>
        <source>Payout unlinked from its deposit</source>
        <translation>回款已取消关联到账</translation>
    </message>
    <message>
        <source>Bank layout saved</source>
        <translation>已保存银行流水格式</translation>
    </message>
    <message>
        <source>Bank statement imported</source>
        <translation>已导入银行流水</translation>
    </message>
    <message>
        <source>Report imported</source>
        <translation>已导入报告</translation>
    </message>
    <message>
        <source>Received from the supplier</source>
        <translation>供应商到货</translation>
    </message>
    <message>
        <source>Shipped by the supplier</source>
        <translation>供应商已发货</translation>
    </message>
    <message>
        <source>Short from the supplier</source>
        <translation>供应商少发</translation>
    </message>
    <message>
        <source>More than ordered</source>
        <translation>多于订购数量</translation>
    </message>
    <message>
        <source>Damaged on arrival</source>
        <translation>到货破损</translation>
    </message>
    <message>
        <source>Opening stock</source>
        <translation>期初库存</translation>
    </message>
    <message>
        <source>Set by the products file</source>
        <translation>按商品文件调整</translation>
    </message>
    <message>
        <source>order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>order line</source>
        <translation>订单明细</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>stock count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>pick list</source>
        <translation>拣货单</translation>
    </message>
    <message>
        <source>shipment</source>
        <translation>发运</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>return</source>
        <translation>退货单</translation>
    </message>
    <message>
        <source>supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>purchase order</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>payout</source>
        <translation>回款</translation>
    </message>
    <message>
        <source>payout problem</source>
        <translation>回款问题</translation>
    </message>
    <message>
        <source>destination</source>
        <translation>目的地</translation>
    </message>
    <message>
        <source>count approval limit</source>
        <translation>盘点审批上限</translation>
    </message>
    <message>
        <source>bank layout</source>
        <translation>银行流水格式</translation>
    </message>
    <message>
        <source>bank line</source>
        <translation>银行流水</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>明细数</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>SKUs</source>
        <translation>SKU 数</translation>
    </message>
    <message>
        <source>before</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>to bin</source>
        <translation>目标库位</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待付款</translation>
    </message>
    <message>
        <source>authorized</source>
        <translation>已授权</translation>
    </message>
    <message>
        <source>partly paid</source>
        <translation>部分付款</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>unpaid</source>
        <translation>未付款</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>隔离区</translation>
    </message>
    <message>
        <source>Count / adjustment</source>
        <translation>盘点/调整</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>报废</translation>
    </message>
    <message>
        <source>opening stock</source>
        <translation>期初库存</translation>
    </message>
    <message>
        <source>order {reference}</source>
        <translation>订单 {reference}</translation>
    </message>
    <message>
        <source>return {reference}</source>
        <translation>退货单 {reference}</translation>
    </message>
    <message>
        <source>reverses {reference}</source>
        <translation>冲销 {reference}</translation>
    </message>
    <message>
        <source>adjust: {reference}</source>
        <translation>调整：{reference}</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>已占库存</translation>
    </message>
    <message>
        <source>backorder</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>picking</source>
        <translation>拣货中</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>已打包</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>on_hold</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>unmatched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>oversold</source>
        <translation>超卖</translation>
    </message>
    <message>
        <source>partly reserved</source>
        <translation>部分占用</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待库存</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>packer</source>
        <translation>打包员</translation>
    </message>
    <message>
        <source>accountant</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>found</source>
        <translation>盘盈找到</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>gift</source>
        <translation>赠品</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>contents</source>
        <translation>内容物</translation>
    </message>
    <message>
        <source>method</source>
        <translation>物流方式</translation>
    </message>
    <message>
        <source>bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道地址</translation>
    </message>
    <message>
        <source>Street 2</source>
        <translation>街道地址 2</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>State</source>
        <translation>州/省</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>邮编</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Adjust stock (found, lost, damaged, gift)</source>
        <translation>调整库存（找到、丢失、损坏、赠品）</translation>
    </message>
    <message>
        <source>Move stock between bins</source>
        <translation>在库位之间移库</translation>
    </message>
    <message>
        <source>Post or reverse a stock count</source>
        <translation>过账或冲销盘点</translation>
    </message>
    <message>
        <source>Override a pack (supervisor PIN, typed quantities)</source>
        <translation>打包放行（主管 PIN 码、手动输入数量）</translation>
    </message>
    <message>
        <source>See prices, order totals and stock values</source>
        <translation>查看价格、订单金额和库存金额</translation>
    </message>
    <message>
        <source>Import orders and products</source>
        <translation>导入订单和商品</translation>
    </message>
    <message>
        <source>Hold, cancel and edit orders</source>
        <translation>暂停、取消和编辑订单</translation>
    </message>
    <message>
        <source>Add and edit products</source>
        <translation>添加和编辑商品</translation>
    </message>
    <message>
        <source>Print labels and documents</source>
        <translation>打印标签和单据</translation>
    </message>
    <message>
        <source>See the audit trail</source>
        <translation>查看操作日志</translation>
    </message>
    <message>
        <source>Manage people and what each role may do</source>
        <translation>管理人员及各角色权限</translation>
    </message>
</context>
<context>
    <name>words.nouns</name>
    <message>
        <source>item</source>
        <translation>件商品</translation>
    </message>
    <message>
        <source>order</source>
        <translation>个订单</translation>
    </message>
    <message>
        <source>parcel</source>
        <translation>个包裹</translation>
    </message>
    <message>
        <source>page</source>
        <translation>页</translation>
    </message>
    <message>
        <source>line</source>
        <translation>条明细</translation>
    </message>
    <message>
        <source>move</source>
        <translation>笔变动</translation>
    </message>
    <message>
        <source>confirmation</source>
        <translation>条确认</translation>
    </message>
    <message>
        <source>label</source>
        <translation>张标签</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>个 SKU</translation>
    </message>
    <message>
        <source>listing</source>
        <translation>个 listing</translation>
    </message>
    <message>
        <source>box</source>
        <translation>箱</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>份</translation>
    </message>
    <message>
        <source>entry</source>
        <translation>条</translation>
    </message>
    <message>
        <source>product</source>
        <translation>个商品</translation>
    </message>
    <message>
        <source>bin</source>
        <translation>个库位</translation>
    </message>
    <message>
        <source>slip</source>
        <translation>张装箱单</translation>
    </message>
    <message>
        <source>packing slip</source>
        <translation>张装箱单</translation>
    </message>
    <message>
        <source>pick list</source>
        <translation>张拣货单</translation>
    </message>
</context>
</TS>
