import"./modulepreload-polyfill-P2Xu9kJm.js";var e=`
  query CheckoutOrder($id: ID!) {
    order(id: $id) {
      id
      orderNo
      projectName
      subject
      amountYuan
      channel
      state
      expiresAt
      paidAt
      closedAt
      returnUrl
      payParams {
        __typename
        ... on QrCodeParams {
          codeUrl
          svg
        }
        ... on RedirectParams {
          url
          method
          fields {
            name
            value
          }
          expiresAt
        }
        ... on H5Params {
          url
          expiresAt
        }
      }
    }
  }
`,t=`
  query CheckoutOrderStatus($id: ID!) {
    order(id: $id) {
      id
      state
      expiresAt
      paidAt
      closedAt
    }
  }
`,n=`
  subscription CheckoutPaymentStatus($id: ID!) {
    paymentStatus(orderId: $id) {
      id
      state
      expiresAt
      paidAt
      closedAt
    }
  }
`;function r(e,t){let n=Date.parse(e.expiresAt);switch(e.state){case`PENDING`:return t>=n?`expired`:`waiting`;case`PAID`:case`PARTIALLY_REFUNDED`:case`REFUNDED`:return`paid`;case`CLOSED`:return e.closedAt!==null&&Date.parse(e.closedAt)>=n?`expired`:`closed`;case`FAILED`:return`failed`}}function i(e){return e!==`PENDING`}function a(e){switch(e){case`WECHAT_NATIVE`:case`ALIPAY_QR`:return`qr`;case`ALIPAY_PAGE`:case`ALIPAY_WAP`:case`WECHAT_H5`:return`redirect`;case`WECHAT_JSAPI`:case`WECHAT_APP`:case`ALIPAY_APP`:return`app`}}function o(e){return e.startsWith(`WECHAT`)?`wechat`:`alipay`}function s(e){let t=Math.max(0,Math.floor(e/1e3)),n=Math.floor(t/3600),r=Math.floor(t%3600/60),i=t%60,a=e=>String(e).padStart(2,`0`);return n>0?`${n}:${a(r)}:${a(i)}`:`${r}:${a(i)}`}function c(e,t,n){if(!e)return null;let r;try{r=new URL(e)}catch{return null}return r.protocol!==`http:`&&r.protocol!==`https:`?null:(r.searchParams.delete(`orderNo`),r.searchParams.delete(`state`),r.searchParams.append(`orderNo`,t),r.searchParams.append(`state`,n),r.toString())}function l(e,t){let n=/\/checkout\/([^/]+)\/?$/.exec(e),r=new URLSearchParams(t).get(`t`);return!n?.[1]||!r?null:{orderId:decodeURIComponent(n[1]),ticket:r}}var u=3e3,d=3e3,f=`/graphql`,p=5e3,m=class extends Error{code;constructor(e,t){super(e),this.name=`CheckoutError`,this.code=t}};function h(e){let t=e[0];return new m(t?.message??`request failed`,t?.extensions?.code??`INTERNAL`)}async function g(e,t,n){let r;try{r=await fetch(f,{method:`POST`,headers:{"content-type":`application/json`,accept:`application/graphql-response+json, application/json`,authorization:`Bearer ${e}`},body:JSON.stringify({query:t,variables:n}),credentials:`omit`})}catch(e){throw new m(String(e),`NETWORK`)}let i;try{i=await r.json()}catch{throw new m(`HTTP ${r.status}`,`NETWORK`)}if(i.errors?.length)throw h(i.errors);if(!i.data)throw new m(`HTTP ${r.status}: no data`,`NETWORK`);return i.data}function _(e,r,a){let o=!1,s=null,c=null,l=()=>{o=!0,c!==null&&clearTimeout(c),s&&s.readyState<=WebSocket.OPEN&&s.close(1e3)},u=e=>{a.offline(!1),a.status(e),i(e.state)&&l()},_=()=>{if(o)return;a.mode(`poll`);let n=async()=>{if(!o){try{let n=await g(e,t,{id:r});u(n.order)}catch(e){let t=e instanceof m?e:new m(String(e),`NETWORK`);if(t.code!==`NETWORK`&&t.code!==`INTERNAL`){a.refused(t),l();return}a.offline(!0)}o||(c=setTimeout(()=>void n(),d))}};n()};return(()=>{if(typeof WebSocket>`u`){_();return}let t=new URL(f,window.location.href);t.protocol=t.protocol===`https:`?`wss:`:`ws:`;let i;try{i=new WebSocket(t,`graphql-transport-ws`)}catch{_();return}s=i;let c=!1,d=!1,m=()=>{!o&&!d&&(s=null,_())},g=setTimeout(()=>{c||i.close()},p);i.onopen=()=>{i.send(JSON.stringify({type:`connection_init`,payload:{token:e}}))},i.onmessage=e=>{let t;try{t=JSON.parse(String(e.data))}catch{return}switch(t.type){case`connection_ack`:c=!0,clearTimeout(g),a.mode(`ws`),i.send(JSON.stringify({id:`1`,type:`subscribe`,payload:{query:n,variables:{id:r}}}));break;case`ping`:i.send(JSON.stringify({type:`pong`}));break;case`next`:{let e=t.payload;e.errors?.length?(d=!0,a.refused(h(e.errors)),l()):e.data&&u(e.data.paymentStatus);break}case`error`:d=!0,a.refused(h(t.payload??[])),l();break;case`complete`:d=!0,i.close(1e3)}},i.onclose=()=>{clearTimeout(g),m()}})(),l}var v={"zh-CN":{title:`收银台`,merchant:`收款方`,subject:`商品`,orderNo:`订单号`,payBy:e=>`请在 ${e} 内完成付款`,scanWechat:`请使用微信扫一扫付款`,scanAlipay:`请使用支付宝扫一扫付款`,payAlipay:`前往支付宝付款`,payWechat:`前往微信支付`,redirectHint:`付款完成后会自动返回。`,appHint:e=>`请在${e}中完成付款，本页会自动更新。`,wechatApp:`微信`,alipayApp:`支付宝`,preparing:`支付信息准备中，请稍候刷新。`,paid:`付款成功`,paidBack:`即将返回商户页面…`,paidDone:`付款已完成，可以关闭本页。`,backNow:`立即返回`,closed:`订单已关闭`,expired:`订单已过期`,failed:`付款失败`,endedHint:`如需继续购买，请返回商户页面重新下单。`,backToMerchant:`返回商户`,invalid:`链接无效或已过期`,invalidHint:`请回到商户页面重新发起付款。`,offline:`网络异常，正在重试…`,live:`实时更新`,polling:`定时刷新`,switchTo:`English`},en:{title:`Checkout`,merchant:`Pay to`,subject:`Item`,orderNo:`Order`,payBy:e=>`Pay within ${e}`,scanWechat:`Scan with WeChat to pay`,scanAlipay:`Scan with Alipay to pay`,payAlipay:`Pay with Alipay`,payWechat:`Pay with WeChat Pay`,redirectHint:`You come back here once you have paid.`,appHint:e=>`Complete the payment in ${e}; this page updates by itself.`,wechatApp:`WeChat`,alipayApp:`Alipay`,preparing:`The payment is being prepared; reload in a moment.`,paid:`Paid`,paidBack:`Taking you back to the shop…`,paidDone:`The payment is complete; you may close this page.`,backNow:`Back now`,closed:`The order is closed`,expired:`The order has expired`,failed:`The payment failed`,endedHint:`To buy, go back to the shop and order again.`,backToMerchant:`Back to the shop`,invalid:`This link is invalid or has expired`,invalidHint:`Go back to the shop and start the payment again.`,offline:`Connection lost; retrying…`,live:`Live`,polling:`Refreshing`,switchTo:`中文`}};function y(e,t){let n=new URLSearchParams(e).get(`lang`)?.toLowerCase();if(n?.startsWith(`zh`))return`zh-CN`;if(n?.startsWith(`en`))return`en`;for(let e of t){let t=e.toLowerCase();if(t.startsWith(`zh`))return`zh-CN`;if(t.startsWith(`en`))return`en`}return`en`}function b(e){return e===`zh-CN`?`en`:`zh-CN`}var x=document.getElementById(`checkout`),S=y(window.location.search,navigator.languages),C=null,w=null,T=!1,E=null,D=null,O=null,k=()=>v[S];function A(e,t={},...n){let r=document.createElement(e);for(let[e,n]of Object.entries(t))r.setAttribute(e,n);for(let e of n)e!==null&&r.append(e);return r}function j(e){let t=new DOMParser().parseFromString(e,`image/svg+xml`),n=t.documentElement;return n.nodeName.toLowerCase()!==`svg`||t.getElementsByTagName(`parsererror`).length>0?null:(n.setAttribute(`role`,`img`),n.setAttribute(`aria-label`,`QR code`),document.importNode(n,!0))}function M(e){let t=e.payParams;if(t?.__typename===`RedirectParams`){if(t.method===`GET`){window.location.assign(t.url);return}let e=A(`form`,{method:`post`,action:t.url,"accept-charset":`utf-8`});for(let n of t.fields)e.append(A(`input`,{type:`hidden`,name:n.name,value:n.value}));document.body.append(e),e.submit()}else t?.__typename===`H5Params`&&window.location.assign(t.url)}function N(e){return A(`p`,{class:`countdown`,"data-test":`countdown`},k().payBy(s(Date.parse(e.expiresAt)-Date.now())))}function P(e){let t=k(),n=A(`section`,{class:`pay`,"data-test":`pay-area`}),r=e.payParams,i=o(e.channel);switch(a(e.channel)){case`qr`:{let e=r?.__typename===`QrCodeParams`?j(r.svg):null;if(!e)return n.append(A(`p`,{class:`muted`},t.preparing)),n;n.append(A(`div`,{class:`qr`,"data-test":`qr`},e),A(`p`,{class:`hint`},i===`wechat`?t.scanWechat:t.scanAlipay));break}case`redirect`:{if(r?.__typename!==`RedirectParams`&&r?.__typename!==`H5Params`)return n.append(A(`p`,{class:`muted`},t.preparing)),n;let a=A(`button`,{type:`button`,class:`primary ${i}`,"data-test":`pay-button`},i===`wechat`?t.payWechat:t.payAlipay);a.addEventListener(`click`,()=>M(e)),n.append(a,A(`p`,{class:`hint`},t.redirectHint));break}case`app`:n.append(A(`p`,{class:`hint`,"data-test":`app-hint`},t.appHint(i===`wechat`?t.wechatApp:t.alipayApp)))}return n.append(N(e)),n}function F(e,t){let n=k(),r=c(e.returnUrl,e.orderNo,e.state),i=A(`section`,{class:`result ${t}`,"data-test":`state-${t}`});if(t===`paid`)return i.append(A(`div`,{class:`mark`,"aria-hidden":`true`},`✓`),A(`h2`,{},n.paid)),r?i.append(A(`p`,{class:`hint`},n.paidBack),A(`a`,{class:`button primary`,href:r,"data-test":`return-now`},n.backNow)):i.append(A(`p`,{class:`hint`},n.paidDone)),i;let a=t===`expired`?n.expired:t===`closed`?n.closed:n.failed;return i.append(A(`div`,{class:`mark`,"aria-hidden":`true`},`!`),A(`h2`,{},a),A(`p`,{class:`hint`},n.endedHint)),r&&i.append(A(`a`,{class:`button`,href:r,"data-test":`back-to-merchant`},n.backToMerchant)),i}function I(){let e=k(),t=A(`button`,{type:`button`,class:`link`,"data-test":`lang`},e.switchTo);return t.addEventListener(`click`,()=>{S=b(S),L()}),A(`footer`,{},A(`span`,{class:`live`,"data-test":`live-mode`},T?e.offline:w===`ws`?e.live:w===`poll`?e.polling:``),t)}function L(){let e=k();if(document.documentElement.lang=S,x.replaceChildren(),E||!C){document.title=e.title,E&&(x.dataset.phase=`invalid`,x.append(A(`section`,{class:`result invalid`,"data-test":`invalid`},A(`h2`,{},e.invalid),A(`p`,{class:`hint`},e.invalidHint)),I()));return}let t=C,n=r(t,Date.now());D=n,x.dataset.phase=n,x.dataset.live=w??``,document.title=`${e.title} · ${t.projectName}`,x.append(A(`header`,{},A(`span`,{class:`merchant-label`},e.merchant),A(`strong`,{"data-test":`merchant`},t.projectName)),A(`div`,{class:`amount`,"data-test":`amount`},`¥${t.amountYuan}`),A(`dl`,{},A(`dt`,{},e.subject),A(`dd`,{"data-test":`subject`},t.subject),A(`dt`,{},e.orderNo),A(`dd`,{"data-test":`order-no`},t.orderNo)),n===`waiting`?P(t):F(t,n),I()),n===`paid`&&R(t)}function R(e){let t=c(e.returnUrl,e.orderNo,e.state);t&&O===null&&(O=setTimeout(()=>window.location.assign(t),u))}function z(){if(!C)return;if(r(C,Date.now())!==D){L();return}let e=x.querySelector(`[data-test="countdown"]`);e&&(e.textContent=k().payBy(s(Date.parse(C.expiresAt)-Date.now())))}function B(e){C&&(C={...C,state:e.state,expiresAt:e.expiresAt,paidAt:e.paidAt,closedAt:e.closedAt},L())}async function V(){let t=l(window.location.pathname,window.location.search);if(!t)E=new m(`not a checkout link`,`BAD_USER_INPUT`),L();else{try{C=(await g(t.ticket,e,{id:t.orderId})).order}catch(e){E=e instanceof m?e:new m(String(e),`NETWORK`),L();return}L(),setInterval(z,1e3),C.state===`PENDING`&&_(t.ticket,t.orderId,{status:B,mode:e=>{w=e,L()},refused:()=>{w=null,L()},offline:e=>{e!==T&&(T=e,L())}})}}V();