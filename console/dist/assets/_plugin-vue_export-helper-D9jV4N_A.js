import{$t as e,A as t,B as n,C as r,D as i,E as a,En as o,Et as s,F as c,H as l,Hn as u,I as d,It as f,J as p,Jn as m,Kn as h,Lt as g,M as _,N as v,Nt as y,O as b,On as x,Pn as S,Pt as C,Q as w,Qn as T,Qt as E,Rn as D,S as O,Sn as k,T as A,Tn as j,U as M,Ut as ee,Vn as N,Vt as te,W as P,Wt as ne,X as re,Xn as ie,Xt as ae,_ as oe,_t as se,a as ce,an as F,ar as le,cn as I,dn as ue,en as de,er as fe,et as pe,fn as L,g as me,gn as he,gr as ge,gt as _e,hn as R,hr as ve,i as ye,in as z,ir as be,j as xe,jn as B,k as V,kn as Se,kt as Ce,lr as we,mr as H,mt as Te,nn as Ee,nr as U,on as W,pn as De,pr as Oe,q as ke,qn as Ae,r as je,rn as Me,rr as Ne,rt as Pe,sn as Fe,sr as Ie,tn as Le,tt as Re,ur as ze,vn as Be,vt as Ve,w as He,wn as Ue,xn as We,y as Ge,yn as Ke,z as qe,zn as G,zt as Je}from"./console-C0dzxGqp.js";import{t as Ye}from"./client-DkNgJc21.js";var Xe={tab:`Tab`,enter:`Enter`,space:`Space`,left:`ArrowLeft`,up:`ArrowUp`,right:`ArrowRight`,down:`ArrowDown`,esc:`Escape`,delete:`Delete`,backspace:`Backspace`,numpadEnter:`NumpadEnter`,pageUp:`PageUp`,pageDown:`PageDown`,home:`Home`,end:`End`},Ze=`update:modelValue`,Qe=`change`,$e=`input`,et=/\s/;function tt(e){for(var t=e.length;t--&&et.test(e.charAt(t)););return t}var nt=/^\s+/;function rt(e){return e&&e.slice(0,tt(e)+1).replace(nt,``)}var it=NaN,at=/^[-+]0x[0-9a-f]+$/i,ot=/^0b[01]+$/i,st=/^0o[0-7]+$/i,ct=parseInt;function lt(e){if(typeof e==`number`)return e;if(Je(e))return it;if(f(e)){var t=typeof e.valueOf==`function`?e.valueOf():e;e=f(t)?t+``:t}if(typeof e!=`string`)return e===0?e:+e;e=rt(e);var n=ot.test(e);return n||st.test(e)?ct(e.slice(2),n?2:8):at.test(e)?it:+e}function ut(e){return e}function dt(e,t,n){switch(n.length){case 0:return e.call(t);case 1:return e.call(t,n[0]);case 2:return e.call(t,n[0],n[1]);case 3:return e.call(t,n[0],n[1],n[2])}return e.apply(t,n)}var ft=800,pt=16,mt=Date.now;function ht(e){var t=0,n=0;return function(){var r=mt(),i=pt-(r-n);if(n=r,i>0){if(++t>=ft)return arguments[0]}else t=0;return e.apply(void 0,arguments)}}function gt(e){return function(){return e}}var _t=ht(C?function(e,t){return C(e,`toString`,{configurable:!0,enumerable:!1,value:gt(t),writable:!0})}:ut),vt=Math.max;function yt(e,t,n){return t=vt(t===void 0?e.length-1:t,0),function(){for(var r=arguments,i=-1,a=vt(r.length-t,0),o=Array(a);++i<a;)o[i]=r[t+i];i=-1;for(var s=Array(t+1);++i<t;)s[i]=r[i];return s[t]=n(o),dt(e,this,s)}}var bt=te?te.isConcatSpreadable:void 0;function xt(e){return g(e)||s(e)||!!(bt&&e&&e[bt])}function St(e,t,n,r,i){var a=-1,o=e.length;for(n||=xt,i||=[];++a<o;){var s=e[a];t>0&&n(s)?t>1?St(s,t-1,n,r,i):Te(i,s):r||(i[i.length]=s)}return i}function Ct(e){return e!=null&&e.length?St(e,1):[]}function wt(e){return _t(yt(e,void 0,Ct),e+``)}function Tt(){if(!arguments.length)return[];var e=arguments[0];return g(e)?e:[e]}function Et(e,t,n){return e===e&&(n!==void 0&&(e=e<=n?e:n),t!==void 0&&(e=e>=t?e:t)),e}function Dt(e,t,n){return n===void 0&&(n=t,t=void 0),n!==void 0&&(n=lt(n),n=n===n?n:0),t!==void 0&&(t=lt(t),t=t===t?t:0),Et(lt(e),t,n)}function Ot(e,t){return e!=null&&t in Object(e)}function kt(e,t,n){t=Ve(t,e);for(var r=-1,i=t.length,a=!1;++r<i;){var o=se(t[r]);if(!(a=e!=null&&n(e,o)))break;e=e[o]}return a||++r!=i?a:(i=e==null?0:e.length,!!i&&Ce(i)&&y(o,i)&&(g(e)||s(e)))}function At(e,t){return e!=null&&kt(e,t,Ot)}function jt(e){return e===void 0}function Mt(e,t,n){for(var r=-1,i=t.length,a={};++r<i;){var o=t[r],s=_e(e,o);n(s,o)&&pe(a,Ve(o,e),s)}return a}function Nt(e,t){return Mt(e,t,function(t,n){return At(e,n)})}var Pt=wt(function(e,t){return e==null?{}:Nt(e,t)}),Ft=V?window:void 0;V&&window.document,V&&window.navigator,V&&window.location;function K(e){let t=fe(e);return t?.$el??t}function It(...e){let t=(e,t,n,r)=>(e.addEventListener(t,n,r),()=>e.removeEventListener(t,n,r)),n=z(()=>{let t=c(fe(e[0])).filter(e=>e!=null);return t.every(e=>typeof e!=`string`)?t:void 0});return qe(()=>[n.value?.map(e=>K(e))??[Ft].filter(e=>e!=null),c(fe(n.value?e[1]:e[0])),c(U(n.value?e[2]:e[1])),fe(n.value?e[3]:e[2])],([e,n,r,i],a,o)=>{if(!e?.length||!n?.length||!r?.length)return;let s=xe(i)?{...i}:i,c=e.flatMap(e=>n.flatMap(n=>r.map(r=>t(e,n,r,s))));o(()=>{c.forEach(e=>e())})},{flush:`post`})}var Lt=!1;function Rt(e,n,r={}){let{window:i=Ft,ignore:a=[],capture:o=!0,detectIframe:s=!1,controls:c=!1}=r;if(!i)return c?{stop:_,cancel:_,trigger:_}:_;if(t&&!Lt){Lt=!0;let e={passive:!0};Array.from(i.document.body.children).forEach(t=>t.addEventListener(`click`,_,e)),i.document.documentElement.addEventListener(`click`,_,e)}let l=!0,u=e=>fe(a).some(t=>{if(typeof t==`string`)return Array.from(i.document.querySelectorAll(t)).some(t=>t===e.target||e.composedPath().includes(t));{let n=K(t);return n&&(e.target===n||e.composedPath().includes(n))}});function d(e){let t=fe(e);return t&&t.$.subTree.shapeFlag===16}function f(e,t){let n=fe(e),r=n.$.subTree&&n.$.subTree.children;return r==null||!Array.isArray(r)?!1:r.some(e=>e.el===t.target||t.composedPath().includes(e.el))}let p=t=>{let r=K(e);t.target!=null&&(!(r instanceof Element)&&d(e)&&f(e,t)||r&&r!==t.target&&!t.composedPath().includes(r)&&(`detail`in t&&t.detail===0&&(l=!u(t)),l?n(t):l=!0))},m=!1,h=[It(i,`click`,e=>{m||(m=!0,setTimeout(()=>{m=!1},0),p(e))},{passive:!0,capture:o}),It(i,`pointerdown`,t=>{let n=K(e);l=!u(t)&&!(!n||t.composedPath().includes(n))},{passive:!0}),s&&It(i,`blur`,t=>{setTimeout(()=>{let r=K(e),a=i.document.activeElement;for(;a?.shadowRoot;)a=a.shadowRoot.activeElement;a?.tagName===`IFRAME`&&!r?.contains(i.document.activeElement)&&n(t)},0)},{passive:!0})].filter(Boolean),g=()=>h.forEach(e=>e());return c?{stop:g,cancel:()=>{l=!1},trigger:e=>{l=!0,p(e),l=!1}}:g}function zt(){let e=ie(!1),t=De();return t&&j(()=>{e.value=!0},t),e}function Bt(e){let t=zt();return z(()=>(t.value,!!e()))}function Vt(e,t,n={}){let{window:r=Ft,...i}=n,a,o=Bt(()=>r&&`MutationObserver`in r),s=()=>{a&&=(a.disconnect(),void 0)},l=z(()=>{let t=fe(e),n=c(t).map(K).filter(v);return new Set(n)}),u=G(l,e=>{s(),o.value&&e.size&&(a=new MutationObserver(t),e.forEach(e=>a.observe(e,i)))},{immediate:!0,flush:`post`}),f=()=>a?.takeRecords(),p=()=>{u(),s()};return d(p),{isSupported:o,stop:p,takeRecords:f}}function Ht(e,t,n={}){let{window:r=Ft,...i}=n,a,o=Bt(()=>r&&`ResizeObserver`in r),s=()=>{a&&=(a.disconnect(),void 0)},c=z(()=>{let t=fe(e);return Array.isArray(t)?t.map(e=>K(e)):[K(t)]}),l=G(c,e=>{if(s(),o.value&&r){a=new ResizeObserver(t);for(let t of e)t instanceof Element&&a.observe(t,i)}},{immediate:!0,flush:`post`}),u=()=>{s(),l()};return d(u),{isSupported:o,stop:u}}var Ut=({from:e,replacement:t,scope:r,version:i,ref:a,type:o=`API`},s)=>{G(()=>U(s),s=>{s&&n(r,`[${o}] ${e} is about to be deprecated in version ${i}, please use ${t} instead.
For more detail, please visit: ${a}
`)},{immediate:!0})},Wt=`a[href],button:not([disabled]),button:not([hidden]),:not([tabindex="-1"]),input:not([disabled]),input:not([type="hidden"]),select:not([disabled]),textarea:not([disabled])`,Gt=e=>typeof ShadowRoot>`u`?!1:e instanceof ShadowRoot,Kt=e=>typeof Element>`u`?!1:e instanceof Element,qt=e=>getComputedStyle(e).position!==`fixed`&&e.offsetParent!==null,Jt=e=>Array.from(e.querySelectorAll(Wt)).filter(e=>Yt(e)&&qt(e)),Yt=e=>{if(e.tabIndex>0||e.tabIndex===0&&e.getAttribute(`tabIndex`)!==null)return!0;if(e.tabIndex<0||e.hasAttribute(`disabled`)||e.getAttribute(`aria-disabled`)===`true`)return!1;switch(e.nodeName){case`A`:return!!e.href&&e.rel!==`ignore`;case`INPUT`:return e.type!==`hidden`&&e.type!==`file`;case`BUTTON`:case`SELECT`:case`TEXTAREA`:return!0;default:return!1}},Xt=function(e,t,...n){let r;r=t.includes(`mouse`)||t.includes(`click`)?`MouseEvents`:t.includes(`key`)?`KeyboardEvent`:`HTMLEvents`;let i=document.createEvent(r);return i.initEvent(t,...n),e.dispatchEvent(i),e},Zt=(e,t)=>{if(!e||!e.focus)return;let n=!1;Kt(e)&&!Yt(e)&&!e.getAttribute(`tabindex`)&&(e.setAttribute(`tabindex`,`-1`),n=!0),e.focus(t),Kt(e)&&n&&e.removeAttribute(`tabindex`)},Qt=()=>V&&/firefox/i.test(window.navigator.userAgent),$t=()=>V&&/android/i.test(window.navigator.userAgent),en=`utils/dom/style`,tn=(e=``)=>e.split(` `).filter(e=>!!e.trim()),nn=(e,t)=>{if(!e||!t)return!1;if(t.includes(` `))throw Error(`className should not contain space.`);return e.classList.contains(t)},rn=(e,t)=>{e&&t.trim()&&e.classList.add(...tn(t))},an=(e,t)=>{e&&t.trim()&&e.classList.remove(...tn(t))},on=(e,t)=>{if(!V||!e||!t||Gt(e))return``;let n=be(t);n===`float`&&(n=`cssFloat`);try{let t=e.style[n];if(t)return t;let r=document.defaultView?.getComputedStyle(e,``);return r?r[n]:``}catch{return e.style[n]}};function sn(e,t=`px`){if(!e&&e!==0)return``;if(re(e)||w(e))return`${e}${t}`;if(Oe(e))return e;n(en,`binding value must be a string or number`)}var cn=e=>V?window.requestAnimationFrame(e):setTimeout(e,16),ln=e=>V?window.cancelAnimationFrame(e):clearTimeout(e),un,dn=e=>{if(!V)return 0;if(un!==void 0)return un;let t=document.createElement(`div`);t.className=`${e}-scrollbar__wrap`,t.style.visibility=`hidden`,t.style.width=`100px`,t.style.position=`absolute`,t.style.top=`-9999px`,document.body.appendChild(t);let n=t.offsetWidth;t.style.overflow=`scroll`;let r=document.createElement(`div`);r.style.width=`100%`,t.appendChild(r);let i=r.offsetWidth;return t.parentNode?.removeChild(t),un=n-i,un};function fn(e,t){if(!V)return;if(!t){e.scrollTop=0;return}let n=[],r=t.offsetParent;for(;r!==null&&e!==r&&e.contains(r);)n.push(r),r=r.offsetParent;let i=t.offsetTop+n.reduce((e,t)=>e+t.offsetTop,0),a=i+t.offsetHeight,o=e.scrollTop,s=o+e.clientHeight;i<o?e.scrollTop=i:a>s&&(e.scrollTop=a-e.clientHeight)}var pn=(e,t,{checkForDefaultPrevented:n=!0}={})=>r=>{let i=e?.(r);if(n===!1||!i)return t?.(r)},mn=e=>{if(e.code&&e.code!==`Unidentified`)return e.code;let t=hn(e);return t?Object.values(Xe).includes(t)?t:t===` `?Xe.space:``:``},hn=e=>{let t=e.key&&e.key!==`Unidentified`?e.key:``;if(!t&&e.type===`keyup`&&$t()){let n=e.target;t=n.value.charAt(n.selectionStart-1)}return t},gn=l({type:P(Boolean),default:null}),_n=l({type:P(Function)}),vn=e=>{let t=`update:${e}`,n=`onUpdate:${e}`,r=[t];return{useModelToggle:({indicator:r,toggleReason:i,shouldHideWhenRouteChanges:a,shouldProceed:o,onShow:s,onHide:c})=>{let l=De(),{emit:u}=l,d=l.props,f=z(()=>we(d[n])),p=z(()=>d[e]===null),m=e=>{r.value!==!0&&(r.value=!0,i&&(i.value=e),we(s)&&s(e))},h=e=>{r.value!==!1&&(r.value=!1,i&&(i.value=e),we(c)&&c(e))},g=e=>{if(d.disabled===!0||we(o)&&!o())return;let n=f.value&&V;n&&u(t,!0),(p.value||!n)&&m(e)},_=e=>{if(d.disabled===!0||!V)return;let n=f.value&&V;n&&u(t,!1),(p.value||!n)&&h(e)},v=e=>{ke(e)&&(d.disabled&&e?f.value&&u(t,!1):r.value!==e&&(e?m():h()))};return G(()=>d[e],v),a&&l.appContext.config.globalProperties.$route!==void 0&&G(()=>({...l.proxy.$route}),()=>{a.value&&r.value&&_()}),j(()=>{v(d[e])}),{hide:_,show:g,toggle:()=>{r.value?_():g()},hasUpdateHandler:f}},useModelToggleProps:{[e]:gn,[n]:_n},useModelToggleEmits:r}},{useModelToggle:yn,useModelToggleProps:bn,useModelToggleEmits:xn}=vn(`modelValue`),Sn=e=>{let t=De();return z(()=>t?.proxy?.$props?.[e])},Cn=`bottom`,wn=`right`,Tn=`left`,En=`auto`,Dn=[`top`,Cn,wn,Tn],On=`start`,kn=`end`,An=`clippingParents`,jn=`viewport`,Mn=`popper`,Nn=`reference`,Pn=Dn.reduce(function(e,t){return e.concat([t+`-`+On,t+`-`+kn])},[]),Fn=[].concat(Dn,[En]).reduce(function(e,t){return e.concat([t,t+`-`+On,t+`-`+kn])},[]),In=[`beforeRead`,`read`,`afterRead`,`beforeMain`,`main`,`afterMain`,`beforeWrite`,`write`,`afterWrite`];function Ln(e){return e?(e.nodeName||``).toLowerCase():null}function q(e){if(e==null)return window;if(e.toString()!==`[object Window]`){var t=e.ownerDocument;return t&&t.defaultView||window}return e}function Rn(e){return e instanceof q(e).Element||e instanceof Element}function J(e){return e instanceof q(e).HTMLElement||e instanceof HTMLElement}function zn(e){return typeof ShadowRoot>`u`?!1:e instanceof q(e).ShadowRoot||e instanceof ShadowRoot}function Bn(e){var t=e.state;Object.keys(t.elements).forEach(function(e){var n=t.styles[e]||{},r=t.attributes[e]||{},i=t.elements[e];!J(i)||!Ln(i)||(Object.assign(i.style,n),Object.keys(r).forEach(function(e){var t=r[e];t===!1?i.removeAttribute(e):i.setAttribute(e,t===!0?``:t)}))})}function Vn(e){var t=e.state,n={popper:{position:t.options.strategy,left:`0`,top:`0`,margin:`0`},arrow:{position:`absolute`},reference:{}};return Object.assign(t.elements.popper.style,n.popper),t.styles=n,t.elements.arrow&&Object.assign(t.elements.arrow.style,n.arrow),function(){Object.keys(t.elements).forEach(function(e){var r=t.elements[e],i=t.attributes[e]||{},a=Object.keys(t.styles.hasOwnProperty(e)?t.styles[e]:n[e]).reduce(function(e,t){return e[t]=``,e},{});!J(r)||!Ln(r)||(Object.assign(r.style,a),Object.keys(i).forEach(function(e){r.removeAttribute(e)}))})}}var Hn={name:`applyStyles`,enabled:!0,phase:`write`,fn:Bn,effect:Vn,requires:[`computeStyles`]};function Un(e){return e.split(`-`)[0]}var Wn=Math.max,Gn=Math.min,Kn=Math.round;function qn(){var e=navigator.userAgentData;return e!=null&&e.brands&&Array.isArray(e.brands)?e.brands.map(function(e){return e.brand+`/`+e.version}).join(` `):navigator.userAgent}function Jn(){return!/^((?!chrome|android).)*safari/i.test(qn())}function Yn(e,t,n){t===void 0&&(t=!1),n===void 0&&(n=!1);var r=e.getBoundingClientRect(),i=1,a=1;t&&J(e)&&(i=e.offsetWidth>0&&Kn(r.width)/e.offsetWidth||1,a=e.offsetHeight>0&&Kn(r.height)/e.offsetHeight||1);var o=(Rn(e)?q(e):window).visualViewport,s=!Jn()&&n,c=(r.left+(s&&o?o.offsetLeft:0))/i,l=(r.top+(s&&o?o.offsetTop:0))/a,u=r.width/i,d=r.height/a;return{width:u,height:d,top:l,right:c+u,bottom:l+d,left:c,x:c,y:l}}function Xn(e){var t=Yn(e),n=e.offsetWidth,r=e.offsetHeight;return Math.abs(t.width-n)<=1&&(n=t.width),Math.abs(t.height-r)<=1&&(r=t.height),{x:e.offsetLeft,y:e.offsetTop,width:n,height:r}}function Zn(e,t){var n=t.getRootNode&&t.getRootNode();if(e.contains(t))return!0;if(n&&zn(n)){var r=t;do{if(r&&e.isSameNode(r))return!0;r=r.parentNode||r.host}while(r)}return!1}function Qn(e){return q(e).getComputedStyle(e)}function $n(e){return[`table`,`td`,`th`].indexOf(Ln(e))>=0}function er(e){return((Rn(e)?e.ownerDocument:e.document)||window.document).documentElement}function tr(e){return Ln(e)===`html`?e:e.assignedSlot||e.parentNode||(zn(e)?e.host:null)||er(e)}function nr(e){return!J(e)||Qn(e).position===`fixed`?null:e.offsetParent}function rr(e){var t=/firefox/i.test(qn());if(/Trident/i.test(qn())&&J(e)&&Qn(e).position===`fixed`)return null;var n=tr(e);for(zn(n)&&(n=n.host);J(n)&&[`html`,`body`].indexOf(Ln(n))<0;){var r=Qn(n);if(r.transform!==`none`||r.perspective!==`none`||r.contain===`paint`||[`transform`,`perspective`].indexOf(r.willChange)!==-1||t&&r.willChange===`filter`||t&&r.filter&&r.filter!==`none`)return n;n=n.parentNode}return null}function ir(e){for(var t=q(e),n=nr(e);n&&$n(n)&&Qn(n).position===`static`;)n=nr(n);return n&&(Ln(n)===`html`||Ln(n)===`body`&&Qn(n).position===`static`)?t:n||rr(e)||t}function ar(e){return[`top`,`bottom`].indexOf(e)>=0?`x`:`y`}function or(e,t,n){return Wn(e,Gn(t,n))}function sr(e,t,n){var r=or(e,t,n);return r>n?n:r}function cr(){return{top:0,right:0,bottom:0,left:0}}function lr(e){return Object.assign({},cr(),e)}function ur(e,t){return t.reduce(function(t,n){return t[n]=e,t},{})}var dr=function(e,t){return e=typeof e==`function`?e(Object.assign({},t.rects,{placement:t.placement})):e,lr(typeof e==`number`?ur(e,Dn):e)};function fr(e){var t,n=e.state,r=e.name,i=e.options,a=n.elements.arrow,o=n.modifiersData.popperOffsets,s=Un(n.placement),c=ar(s),l=[`left`,`right`].indexOf(s)>=0?`height`:`width`;if(a&&o){var u=dr(i.padding,n),d=Xn(a),f=c===`y`?`top`:Tn,p=c===`y`?Cn:wn,m=n.rects.reference[l]+n.rects.reference[c]-o[c]-n.rects.popper[l],h=o[c]-n.rects.reference[c],g=ir(a),_=g?c===`y`?g.clientHeight||0:g.clientWidth||0:0,v=m/2-h/2,y=u[f],b=_-d[l]-u[p],x=_/2-d[l]/2+v,S=or(y,x,b),C=c;n.modifiersData[r]=(t={},t[C]=S,t.centerOffset=S-x,t)}}function pr(e){var t=e.state,n=e.options.element,r=n===void 0?`[data-popper-arrow]`:n;r!=null&&(typeof r==`string`&&(r=t.elements.popper.querySelector(r),!r)||Zn(t.elements.popper,r)&&(t.elements.arrow=r))}var mr={name:`arrow`,enabled:!0,phase:`main`,fn:fr,effect:pr,requires:[`popperOffsets`],requiresIfExists:[`preventOverflow`]};function hr(e){return e.split(`-`)[1]}var gr={top:`auto`,right:`auto`,bottom:`auto`,left:`auto`};function _r(e,t){var n=e.x,r=e.y,i=t.devicePixelRatio||1;return{x:Kn(n*i)/i||0,y:Kn(r*i)/i||0}}function vr(e){var t,n=e.popper,r=e.popperRect,i=e.placement,a=e.variation,o=e.offsets,s=e.position,c=e.gpuAcceleration,l=e.adaptive,u=e.roundOffsets,d=e.isFixed,f=o.x,p=f===void 0?0:f,m=o.y,h=m===void 0?0:m,g=typeof u==`function`?u({x:p,y:h}):{x:p,y:h};p=g.x,h=g.y;var _=o.hasOwnProperty(`x`),v=o.hasOwnProperty(`y`),y=Tn,b=`top`,x=window;if(l){var S=ir(n),C=`clientHeight`,w=`clientWidth`;if(S===q(n)&&(S=er(n),Qn(S).position!==`static`&&s===`absolute`&&(C=`scrollHeight`,w=`scrollWidth`)),S=S,i===`top`||(i===`left`||i===`right`)&&a===kn){b=Cn;var T=d&&S===x&&x.visualViewport?x.visualViewport.height:S[C];h-=T-r.height,h*=c?1:-1}if(i===`left`||(i===`top`||i===`bottom`)&&a===kn){y=wn;var E=d&&S===x&&x.visualViewport?x.visualViewport.width:S[w];p-=E-r.width,p*=c?1:-1}}var D=Object.assign({position:s},l&&gr),O=u===!0?_r({x:p,y:h},q(n)):{x:p,y:h};if(p=O.x,h=O.y,c){var k;return Object.assign({},D,(k={},k[b]=v?`0`:``,k[y]=_?`0`:``,k.transform=(x.devicePixelRatio||1)<=1?`translate(`+p+`px, `+h+`px)`:`translate3d(`+p+`px, `+h+`px, 0)`,k))}return Object.assign({},D,(t={},t[b]=v?h+`px`:``,t[y]=_?p+`px`:``,t.transform=``,t))}function yr(e){var t=e.state,n=e.options,r=n.gpuAcceleration,i=r===void 0||r,a=n.adaptive,o=a===void 0||a,s=n.roundOffsets,c=s===void 0||s,l={placement:Un(t.placement),variation:hr(t.placement),popper:t.elements.popper,popperRect:t.rects.popper,gpuAcceleration:i,isFixed:t.options.strategy===`fixed`};t.modifiersData.popperOffsets!=null&&(t.styles.popper=Object.assign({},t.styles.popper,vr(Object.assign({},l,{offsets:t.modifiersData.popperOffsets,position:t.options.strategy,adaptive:o,roundOffsets:c})))),t.modifiersData.arrow!=null&&(t.styles.arrow=Object.assign({},t.styles.arrow,vr(Object.assign({},l,{offsets:t.modifiersData.arrow,position:`absolute`,adaptive:!1,roundOffsets:c})))),t.attributes.popper=Object.assign({},t.attributes.popper,{"data-popper-placement":t.placement})}var br={name:`computeStyles`,enabled:!0,phase:`beforeWrite`,fn:yr,data:{}},xr={passive:!0};function Sr(e){var t=e.state,n=e.instance,r=e.options,i=r.scroll,a=i===void 0||i,o=r.resize,s=o===void 0||o,c=q(t.elements.popper),l=[].concat(t.scrollParents.reference,t.scrollParents.popper);return a&&l.forEach(function(e){e.addEventListener(`scroll`,n.update,xr)}),s&&c.addEventListener(`resize`,n.update,xr),function(){a&&l.forEach(function(e){e.removeEventListener(`scroll`,n.update,xr)}),s&&c.removeEventListener(`resize`,n.update,xr)}}var Cr={name:`eventListeners`,enabled:!0,phase:`write`,fn:function(){},effect:Sr,data:{}},wr={left:`right`,right:`left`,bottom:`top`,top:`bottom`};function Tr(e){return e.replace(/left|right|bottom|top/g,function(e){return wr[e]})}var Er={start:`end`,end:`start`};function Dr(e){return e.replace(/start|end/g,function(e){return Er[e]})}function Or(e){var t=q(e);return{scrollLeft:t.pageXOffset,scrollTop:t.pageYOffset}}function kr(e){return Yn(er(e)).left+Or(e).scrollLeft}function Ar(e,t){var n=q(e),r=er(e),i=n.visualViewport,a=r.clientWidth,o=r.clientHeight,s=0,c=0;if(i){a=i.width,o=i.height;var l=Jn();(l||!l&&t===`fixed`)&&(s=i.offsetLeft,c=i.offsetTop)}return{width:a,height:o,x:s+kr(e),y:c}}function jr(e){var t=er(e),n=Or(e),r=e.ownerDocument?.body,i=Wn(t.scrollWidth,t.clientWidth,r?r.scrollWidth:0,r?r.clientWidth:0),a=Wn(t.scrollHeight,t.clientHeight,r?r.scrollHeight:0,r?r.clientHeight:0),o=-n.scrollLeft+kr(e),s=-n.scrollTop;return Qn(r||t).direction===`rtl`&&(o+=Wn(t.clientWidth,r?r.clientWidth:0)-i),{width:i,height:a,x:o,y:s}}function Mr(e){var t=Qn(e),n=t.overflow,r=t.overflowX,i=t.overflowY;return/auto|scroll|overlay|hidden/.test(n+i+r)}function Nr(e){return[`html`,`body`,`#document`].indexOf(Ln(e))>=0?e.ownerDocument.body:J(e)&&Mr(e)?e:Nr(tr(e))}function Pr(e,t){t===void 0&&(t=[]);var n=Nr(e),r=n===e.ownerDocument?.body,i=q(n),a=r?[i].concat(i.visualViewport||[],Mr(n)?n:[]):n,o=t.concat(a);return r?o:o.concat(Pr(tr(a)))}function Fr(e){return Object.assign({},e,{left:e.x,top:e.y,right:e.x+e.width,bottom:e.y+e.height})}function Ir(e,t){var n=Yn(e,!1,t===`fixed`);return n.top+=e.clientTop,n.left+=e.clientLeft,n.bottom=n.top+e.clientHeight,n.right=n.left+e.clientWidth,n.width=e.clientWidth,n.height=e.clientHeight,n.x=n.left,n.y=n.top,n}function Lr(e,t,n){return t===`viewport`?Fr(Ar(e,n)):Rn(t)?Ir(t,n):Fr(jr(er(e)))}function Rr(e){var t=Pr(tr(e)),n=[`absolute`,`fixed`].indexOf(Qn(e).position)>=0&&J(e)?ir(e):e;return Rn(n)?t.filter(function(e){return Rn(e)&&Zn(e,n)&&Ln(e)!==`body`}):[]}function zr(e,t,n,r){var i=t===`clippingParents`?Rr(e):[].concat(t),a=[].concat(i,[n]),o=a[0],s=a.reduce(function(t,n){var i=Lr(e,n,r);return t.top=Wn(i.top,t.top),t.right=Gn(i.right,t.right),t.bottom=Gn(i.bottom,t.bottom),t.left=Wn(i.left,t.left),t},Lr(e,o,r));return s.width=s.right-s.left,s.height=s.bottom-s.top,s.x=s.left,s.y=s.top,s}function Br(e){var t=e.reference,n=e.element,r=e.placement,i=r?Un(r):null,a=r?hr(r):null,o=t.x+t.width/2-n.width/2,s=t.y+t.height/2-n.height/2,c;switch(i){case`top`:c={x:o,y:t.y-n.height};break;case Cn:c={x:o,y:t.y+t.height};break;case wn:c={x:t.x+t.width,y:s};break;case Tn:c={x:t.x-n.width,y:s};break;default:c={x:t.x,y:t.y}}var l=i?ar(i):null;if(l!=null){var u=l===`y`?`height`:`width`;switch(a){case On:c[l]=c[l]-(t[u]/2-n[u]/2);break;case kn:c[l]=c[l]+(t[u]/2-n[u]/2)}}return c}function Vr(e,t){t===void 0&&(t={});var n=t,r=n.placement,i=r===void 0?e.placement:r,a=n.strategy,o=a===void 0?e.strategy:a,s=n.boundary,c=s===void 0?An:s,l=n.rootBoundary,u=l===void 0?jn:l,d=n.elementContext,f=d===void 0?Mn:d,p=n.altBoundary,m=p!==void 0&&p,h=n.padding,g=h===void 0?0:h,_=lr(typeof g==`number`?ur(g,Dn):g),v=f===`popper`?Nn:Mn,y=e.rects.popper,b=e.elements[m?v:f],x=zr(Rn(b)?b:b.contextElement||er(e.elements.popper),c,u,o),S=Yn(e.elements.reference),C=Br({reference:S,element:y,placement:i}),w=Fr(Object.assign({},y,C)),T=f===`popper`?w:S,E={top:x.top-T.top+_.top,bottom:T.bottom-x.bottom+_.bottom,left:x.left-T.left+_.left,right:T.right-x.right+_.right},D=e.modifiersData.offset;if(f===`popper`&&D){var O=D[i];Object.keys(E).forEach(function(e){var t=[`right`,`bottom`].indexOf(e)>=0?1:-1,n=[`top`,`bottom`].indexOf(e)>=0?`y`:`x`;E[e]+=O[n]*t})}return E}function Hr(e,t){t===void 0&&(t={});var n=t,r=n.placement,i=n.boundary,a=n.rootBoundary,o=n.padding,s=n.flipVariations,c=n.allowedAutoPlacements,l=c===void 0?Fn:c,u=hr(r),d=u?s?Pn:Pn.filter(function(e){return hr(e)===u}):Dn,f=d.filter(function(e){return l.indexOf(e)>=0});f.length===0&&(f=d);var p=f.reduce(function(t,n){return t[n]=Vr(e,{placement:n,boundary:i,rootBoundary:a,padding:o})[Un(n)],t},{});return Object.keys(p).sort(function(e,t){return p[e]-p[t]})}function Ur(e){if(Un(e)===`auto`)return[];var t=Tr(e);return[Dr(e),t,Dr(t)]}function Wr(e){var t=e.state,n=e.options,r=e.name;if(!t.modifiersData[r]._skip){for(var i=n.mainAxis,a=i===void 0||i,o=n.altAxis,s=o===void 0||o,c=n.fallbackPlacements,l=n.padding,u=n.boundary,d=n.rootBoundary,f=n.altBoundary,p=n.flipVariations,m=p===void 0||p,h=n.allowedAutoPlacements,g=t.options.placement,_=Un(g)===g,v=c||(_||!m?[Tr(g)]:Ur(g)),y=[g].concat(v).reduce(function(e,n){return e.concat(Un(n)===`auto`?Hr(t,{placement:n,boundary:u,rootBoundary:d,padding:l,flipVariations:m,allowedAutoPlacements:h}):n)},[]),b=t.rects.reference,x=t.rects.popper,S=new Map,C=!0,w=y[0],T=0;T<y.length;T++){var E=y[T],D=Un(E),O=hr(E)===On,k=[`top`,Cn].indexOf(D)>=0,A=k?`width`:`height`,j=Vr(t,{placement:E,boundary:u,rootBoundary:d,altBoundary:f,padding:l}),M=k?O?wn:Tn:O?Cn:`top`;b[A]>x[A]&&(M=Tr(M));var ee=Tr(M),N=[];if(a&&N.push(j[D]<=0),s&&N.push(j[M]<=0,j[ee]<=0),N.every(function(e){return e})){w=E,C=!1;break}S.set(E,N)}if(C)for(var te=m?3:1,P=function(e){var t=y.find(function(t){var n=S.get(t);if(n)return n.slice(0,e).every(function(e){return e})});if(t)return w=t,`break`},ne=te;ne>0&&P(ne)!==`break`;ne--);t.placement!==w&&(t.modifiersData[r]._skip=!0,t.placement=w,t.reset=!0)}}var Gr={name:`flip`,enabled:!0,phase:`main`,fn:Wr,requiresIfExists:[`offset`],data:{_skip:!1}};function Kr(e,t,n){return n===void 0&&(n={x:0,y:0}),{top:e.top-t.height-n.y,right:e.right-t.width+n.x,bottom:e.bottom-t.height+n.y,left:e.left-t.width-n.x}}function qr(e){return[`top`,wn,Cn,Tn].some(function(t){return e[t]>=0})}function Jr(e){var t=e.state,n=e.name,r=t.rects.reference,i=t.rects.popper,a=t.modifiersData.preventOverflow,o=Vr(t,{elementContext:`reference`}),s=Vr(t,{altBoundary:!0}),c=Kr(o,r),l=Kr(s,i,a),u=qr(c),d=qr(l);t.modifiersData[n]={referenceClippingOffsets:c,popperEscapeOffsets:l,isReferenceHidden:u,hasPopperEscaped:d},t.attributes.popper=Object.assign({},t.attributes.popper,{"data-popper-reference-hidden":u,"data-popper-escaped":d})}var Yr={name:`hide`,enabled:!0,phase:`main`,requiresIfExists:[`preventOverflow`],fn:Jr};function Xr(e,t,n){var r=Un(e),i=[`left`,`top`].indexOf(r)>=0?-1:1,a=typeof n==`function`?n(Object.assign({},t,{placement:e})):n,o=a[0],s=a[1];return o||=0,s=(s||0)*i,[`left`,`right`].indexOf(r)>=0?{x:s,y:o}:{x:o,y:s}}function Zr(e){var t=e.state,n=e.options,r=e.name,i=n.offset,a=i===void 0?[0,0]:i,o=Fn.reduce(function(e,n){return e[n]=Xr(n,t.rects,a),e},{}),s=o[t.placement],c=s.x,l=s.y;t.modifiersData.popperOffsets!=null&&(t.modifiersData.popperOffsets.x+=c,t.modifiersData.popperOffsets.y+=l),t.modifiersData[r]=o}var Qr={name:`offset`,enabled:!0,phase:`main`,requires:[`popperOffsets`],fn:Zr};function $r(e){var t=e.state,n=e.name;t.modifiersData[n]=Br({reference:t.rects.reference,element:t.rects.popper,placement:t.placement})}var ei={name:`popperOffsets`,enabled:!0,phase:`read`,fn:$r,data:{}};function ti(e){return e===`x`?`y`:`x`}function ni(e){var t=e.state,n=e.options,r=e.name,i=n.mainAxis,a=i===void 0||i,o=n.altAxis,s=o!==void 0&&o,c=n.boundary,l=n.rootBoundary,u=n.altBoundary,d=n.padding,f=n.tether,p=f===void 0||f,m=n.tetherOffset,h=m===void 0?0:m,g=Vr(t,{boundary:c,rootBoundary:l,padding:d,altBoundary:u}),_=Un(t.placement),v=hr(t.placement),y=!v,b=ar(_),x=ti(b),S=t.modifiersData.popperOffsets,C=t.rects.reference,w=t.rects.popper,T=typeof h==`function`?h(Object.assign({},t.rects,{placement:t.placement})):h,E=typeof T==`number`?{mainAxis:T,altAxis:T}:Object.assign({mainAxis:0,altAxis:0},T),D=t.modifiersData.offset?t.modifiersData.offset[t.placement]:null,O={x:0,y:0};if(S){if(a){var k=b===`y`?`top`:Tn,A=b===`y`?Cn:wn,j=b===`y`?`height`:`width`,M=S[b],ee=M+g[k],N=M-g[A],te=p?-w[j]/2:0,P=v===On?C[j]:w[j],ne=v===On?-w[j]:-C[j],re=t.elements.arrow,ie=p&&re?Xn(re):{width:0,height:0},ae=t.modifiersData[`arrow#persistent`]?t.modifiersData[`arrow#persistent`].padding:cr(),oe=ae[k],se=ae[A],ce=or(0,C[j],ie[j]),F=y?C[j]/2-te-ce-oe-E.mainAxis:P-ce-oe-E.mainAxis,le=y?-C[j]/2+te+ce+se+E.mainAxis:ne+ce+se+E.mainAxis,I=t.elements.arrow&&ir(t.elements.arrow),ue=I?b===`y`?I.clientTop||0:I.clientLeft||0:0,de=D?.[b]??0,fe=M+F-de-ue,pe=M+le-de,L=or(p?Gn(ee,fe):ee,M,p?Wn(N,pe):N);S[b]=L,O[b]=L-M}if(s){var me=b===`x`?`top`:Tn,he=b===`x`?Cn:wn,ge=S[x],_e=x===`y`?`height`:`width`,R=ge+g[me],ve=ge-g[he],ye=[`top`,Tn].indexOf(_)!==-1,z=D?.[x]??0,be=ye?R:ge-C[_e]-w[_e]-z+E.altAxis,xe=ye?ge+C[_e]+w[_e]-z-E.altAxis:ve,B=p&&ye?sr(be,ge,xe):or(p?be:R,ge,p?xe:ve);S[x]=B,O[x]=B-ge}t.modifiersData[r]=O}}var ri={name:`preventOverflow`,enabled:!0,phase:`main`,fn:ni,requiresIfExists:[`offset`]};function ii(e){return{scrollLeft:e.scrollLeft,scrollTop:e.scrollTop}}function ai(e){return e===q(e)||!J(e)?Or(e):ii(e)}function oi(e){var t=e.getBoundingClientRect(),n=Kn(t.width)/e.offsetWidth||1,r=Kn(t.height)/e.offsetHeight||1;return n!==1||r!==1}function si(e,t,n){n===void 0&&(n=!1);var r=J(t),i=J(t)&&oi(t),a=er(t),o=Yn(e,i,n),s={scrollLeft:0,scrollTop:0},c={x:0,y:0};return(r||!r&&!n)&&((Ln(t)!==`body`||Mr(a))&&(s=ai(t)),J(t)?(c=Yn(t,!0),c.x+=t.clientLeft,c.y+=t.clientTop):a&&(c.x=kr(a))),{x:o.left+s.scrollLeft-c.x,y:o.top+s.scrollTop-c.y,width:o.width,height:o.height}}function ci(e){var t=new Map,n=new Set,r=[];e.forEach(function(e){t.set(e.name,e)});function i(e){n.add(e.name),[].concat(e.requires||[],e.requiresIfExists||[]).forEach(function(e){if(!n.has(e)){var r=t.get(e);r&&i(r)}}),r.push(e)}return e.forEach(function(e){n.has(e.name)||i(e)}),r}function li(e){var t=ci(e);return In.reduce(function(e,n){return e.concat(t.filter(function(e){return e.phase===n}))},[])}function ui(e){var t;return function(){return t||=new Promise(function(n){Promise.resolve().then(function(){t=void 0,n(e())})}),t}}function di(e){var t=e.reduce(function(e,t){var n=e[t.name];return e[t.name]=n?Object.assign({},n,t,{options:Object.assign({},n.options,t.options),data:Object.assign({},n.data,t.data)}):t,e},{});return Object.keys(t).map(function(e){return t[e]})}var fi={placement:`bottom`,modifiers:[],strategy:`absolute`};function pi(){return![...arguments].some(function(e){return!(e&&typeof e.getBoundingClientRect==`function`)})}function mi(e){e===void 0&&(e={});var t=e,n=t.defaultModifiers,r=n===void 0?[]:n,i=t.defaultOptions,a=i===void 0?fi:i;return function(e,t,n){n===void 0&&(n=a);var i={placement:`bottom`,orderedModifiers:[],options:Object.assign({},fi,a),modifiersData:{},elements:{reference:e,popper:t},attributes:{},styles:{}},o=[],s=!1,c={state:i,setOptions:function(n){var o=typeof n==`function`?n(i.options):n;u(),i.options=Object.assign({},a,i.options,o),i.scrollParents={reference:Rn(e)?Pr(e):e.contextElement?Pr(e.contextElement):[],popper:Pr(t)};var s=li(di([].concat(r,i.options.modifiers)));return i.orderedModifiers=s.filter(function(e){return e.enabled}),l(),c.update()},forceUpdate:function(){if(!s){var e=i.elements,t=e.reference,n=e.popper;if(pi(t,n)){i.rects={reference:si(t,ir(n),i.options.strategy===`fixed`),popper:Xn(n)},i.reset=!1,i.placement=i.options.placement,i.orderedModifiers.forEach(function(e){return i.modifiersData[e.name]=Object.assign({},e.data)});for(var r=0;r<i.orderedModifiers.length;r++)if(i.reset===!0)i.reset=!1,r=-1;else{var a=i.orderedModifiers[r],o=a.fn,l=a.options,u=l===void 0?{}:l,d=a.name;typeof o==`function`&&(i=o({state:i,options:u,name:d,instance:c})||i)}}}},update:ui(function(){return new Promise(function(e){c.forceUpdate(),e(i)})}),destroy:function(){u(),s=!0}};if(!pi(e,t))return c;c.setOptions(n).then(function(e){!s&&n.onFirstUpdate&&n.onFirstUpdate(e)});function l(){i.orderedModifiers.forEach(function(e){var t=e.name,n=e.options,r=n===void 0?{}:n,a=e.effect;if(typeof a==`function`){var s=a({state:i,name:t,instance:c,options:r});o.push(s||function(){})}})}function u(){o.forEach(function(e){return e()}),o=[]}return c}}mi(),mi({defaultModifiers:[Cr,ei,br,Hn]});var hi=mi({defaultModifiers:[Cr,ei,br,Hn,Qr,Gr,ri,mr,Yr]}),gi=(e,t,n={})=>{let r={name:`updateState`,enabled:!0,phase:`write`,fn:({state:e})=>{let t=_i(e);Object.assign(o.value,t)},requires:[`computeStyles`]},i=z(()=>{let{onFirstUpdate:e,placement:t,strategy:i,modifiers:a}=U(n);return{onFirstUpdate:e,placement:t||`bottom`,strategy:i||`absolute`,modifiers:[...a||[],r,{name:`applyStyles`,enabled:!1}]}}),a=ie(),o=m({styles:{popper:{position:U(i).strategy,left:`0`,top:`0`},arrow:{position:`absolute`}},attributes:{}}),s=()=>{a.value&&=(a.value.destroy(),void 0)};return G(i,e=>{let t=U(a);t&&t.setOptions(e)},{deep:!0}),G([e,t],([e,t])=>{s(),e&&t&&(a.value=hi(e,t,U(i)))}),k(()=>{s()}),{state:z(()=>({...U(a)?.state||{}})),styles:z(()=>U(o).styles),attributes:z(()=>U(o).attributes),update:()=>U(a)?.update(),forceUpdate:()=>U(a)?.forceUpdate(),instanceRef:z(()=>U(a))}};function _i(e){let t=Object.keys(e.elements);return{styles:Pe(t.map(t=>[t,e.styles[t]||{}])),attributes:Pe(t.map(t=>[t,e.attributes[t]]))}}function vi(){let e,t=(t,r)=>{n(),e=globalThis.setTimeout(t,r)},n=()=>{e!==void 0&&(globalThis.clearTimeout(e),e=void 0)};return d(()=>n()),{registerTimeout:t,cancelTimeout:n}}var yi={prefix:Math.floor(Math.random()*1e4),current:0},bi=Symbol(`elIdInjection`),xi=()=>De()?R(bi,yi):yi,Si=e=>{let t=xi();!V&&t===yi&&n(`IdInjection`,`Looks like you are using server rendering, you must provide a id provider to ensure the hydration process to be succeed
usage: app.provide(ID_INJECTION_KEY, {
  prefix: number,
  current: number,
})`);let r=A();return b(()=>U(e)||`${r.value}-id-${t.prefix}-${t.current++}`)},Ci=[],wi=e=>{mn(e)===Xe.esc&&Ci.forEach(t=>t(e))},Ti=e=>{j(()=>{Ci.length===0&&document.addEventListener(`keydown`,wi),V&&Ci.push(e)}),k(()=>{Ci=Ci.filter(t=>t!==e),Ci.length===0&&V&&document.removeEventListener(`keydown`,wi)})},Ei=()=>{let e=A(),t=xi(),n=z(()=>`${e.value}-popper-container-${t.prefix}`);return{id:n,selector:z(()=>`#${n.value}`)}},Di=e=>{let t=document.createElement(`div`);return t.id=e,document.body.appendChild(t),t},Oi=()=>{let{id:e,selector:t}=Ei();return We(()=>{V&&(document.body.querySelector(t.value)||Di(e.value))}),{id:e,selector:t}},ki=M({showAfter:{type:Number,default:0},hideAfter:{type:Number,default:200},autoClose:{type:Number,default:0}}),Ai={showAfter:0,hideAfter:200,autoClose:0},ji=({showAfter:e,hideAfter:t,autoClose:n,open:r,close:i})=>{let{registerTimeout:a}=vi(),{registerTimeout:o,cancelTimeout:s}=vi();return{onOpen:(t,s=U(e))=>{a(()=>{r(t);let e=U(n);re(e)&&e>0&&o(()=>{i(t)},e)},s)},onClose:(e,n=U(t))=>{s(),a(()=>{i(e)},n)}}},Mi=Symbol(`elForwardRef`),Ni=e=>{Se(Mi,{setForwardRef:(t=>{e.value=t})})},Pi=e=>({mounted(t){e(t)},updated(t){e(t)},unmounted(){e(null)}}),Fi=`utils/vue/vnode`;function Ii(t){return he(t)&&t.type===e}var Li=e=>{if(!he(e))return n(Fi,`[getNormalizedProps] must be a VNode`),{};let t=e.props||{},r=(he(e.type)?e.type.props:void 0)||{},i={};return Object.keys(r).forEach(e=>{le(r[e],`default`)&&(i[e]=r[e].default)}),Object.keys(t).forEach(e=>{i[be(e)]=t[e]}),i},Ri=e=>{let t=Ie(e)?e:[e],n=[];return t.forEach(e=>{Ie(e)?n.push(...Ri(e)):he(e)&&e.component?.subTree?n.push(e,...Ri(e.component.subTree)):he(e)&&Ie(e.children)?n.push(...Ri(e.children)):he(e)&&e.shapeFlag===2?n.push(...Ri(e.type())):n.push(e)}),n};function zi(e,{disabled:t,beforeFocus:n,afterFocus:r,beforeBlur:i,afterBlur:a}={}){let{emit:o}=De(),s=ie(),c=m(!1),l=e=>{let i=we(n)?n(e):!1;U(t)||c.value||i||(c.value=!0,o(`focus`,e),r?.())},u=e=>{let t=we(i)?i(e):!1;e.relatedTarget&&s.value?.contains(e.relatedTarget)||t||(c.value=!1,o(`blur`,e),a?.())};return G([s,()=>U(t)],([e,t])=>{e&&(t?e.removeAttribute(`tabindex`):e.setAttribute(`tabindex`,`-1`))}),It(s,`focus`,l,!0),It(s,`blur`,u,!0),It(s,`click`,n=>{U(t)||Yt(n.target)||s.value?.contains(document.activeElement)&&s.value!==document.activeElement||e.value?.focus()},!0),{isFocused:c,wrapperRef:s,handleFocus:l,handleBlur:u}}function Bi({afterComposition:e,emit:t}){let n=m(!1),r=e=>{t?.(`compositionstart`,e),n.value=!0},i=e=>{t?.(`compositionupdate`,e),n.value=!0},a=r=>{t?.(`compositionend`,r),n.value&&(n.value=!1,Ke(()=>e(r)))};return{isComposing:n,handleComposition:e=>{e.type===`compositionend`?a(e):i(e)},handleCompositionStart:r,handleCompositionUpdate:i,handleCompositionEnd:a}}var Vi=M({ariaLabel:String,ariaOrientation:{type:String,values:[`horizontal`,`vertical`,`undefined`]},ariaControls:String}),Hi=e=>Pt(Vi,e),Ui=L({name:`ArrowDown`,__name:`arrow-down`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M831.872 340.864 512 652.672 192.128 340.864a30.59 30.59 0 0 0-42.752 0 29.12 29.12 0 0 0 0 41.6L489.664 714.24a32 32 0 0 0 44.672 0l340.288-331.712a29.12 29.12 0 0 0 0-41.728 30.59 30.59 0 0 0-42.752 0z`})]))}}),Wi=L({name:`ArrowLeft`,__name:`arrow-left`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M609.408 149.376 277.76 489.6a32 32 0 0 0 0 44.672l331.648 340.352a29.12 29.12 0 0 0 41.728 0 30.59 30.59 0 0 0 0-42.752L339.264 511.936l311.872-319.872a30.59 30.59 0 0 0 0-42.688 29.12 29.12 0 0 0-41.728 0`})]))}}),Gi=L({name:`ArrowRight`,__name:`arrow-right`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M340.864 149.312a30.59 30.59 0 0 0 0 42.752L652.736 512 340.864 831.872a30.59 30.59 0 0 0 0 42.752 29.12 29.12 0 0 0 41.728 0L714.24 534.336a32 32 0 0 0 0-44.672L382.592 149.376a29.12 29.12 0 0 0-41.728 0z`})]))}}),Ki=L({name:`ArrowUp`,__name:`arrow-up`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`m488.832 344.32-339.84 356.672a32 32 0 0 0 0 44.16l.384.384a29.44 29.44 0 0 0 42.688 0l320-335.872 319.872 335.872a29.44 29.44 0 0 0 42.688 0l.384-.384a32 32 0 0 0 0-44.16L535.168 344.32a32 32 0 0 0-46.336 0`})]))}}),qi=L({name:`Box`,__name:`box`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M317.056 128 128 344.064V896h768V344.064L706.944 128zm-14.528-64h418.944a32 32 0 0 1 24.064 10.88l206.528 236.096A32 32 0 0 1 960 332.032V928a32 32 0 0 1-32 32H96a32 32 0 0 1-32-32V332.032a32 32 0 0 1 7.936-21.12L278.4 75.008A32 32 0 0 1 302.528 64`}),F(`path`,{fill:`currentColor`,d:`M64 320h896v64H64z`}),F(`path`,{fill:`currentColor`,d:`M448 327.872V640h128V327.872L526.08 128h-28.16zM448 64h128l64 256v352a32 32 0 0 1-32 32H416a32 32 0 0 1-32-32V320z`})]))}}),Ji=L({name:`Calendar`,__name:`calendar`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M128 384v512h768V192H768v32a32 32 0 1 1-64 0v-32H320v32a32 32 0 0 1-64 0v-32H128v128h768v64zm192-256h384V96a32 32 0 1 1 64 0v32h160a32 32 0 0 1 32 32v768a32 32 0 0 1-32 32H96a32 32 0 0 1-32-32V160a32 32 0 0 1 32-32h160V96a32 32 0 0 1 64 0zm-32 384h64a32 32 0 0 1 0 64h-64a32 32 0 0 1 0-64m0 192h64a32 32 0 1 1 0 64h-64a32 32 0 1 1 0-64m192-192h64a32 32 0 0 1 0 64h-64a32 32 0 0 1 0-64m0 192h64a32 32 0 1 1 0 64h-64a32 32 0 1 1 0-64m192-192h64a32 32 0 1 1 0 64h-64a32 32 0 1 1 0-64m0 192h64a32 32 0 1 1 0 64h-64a32 32 0 1 1 0-64`})]))}}),Yi=L({name:`CircleCheckFilled`,__name:`circle-check-filled`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 64a448 448 0 1 1 0 896 448 448 0 0 1 0-896m-55.808 536.384-99.52-99.584a38.4 38.4 0 1 0-54.336 54.336l126.72 126.72a38.27 38.27 0 0 0 54.336 0l262.4-262.464a38.4 38.4 0 1 0-54.272-54.336z`})]))}}),Xi=L({name:`CircleCheck`,__name:`circle-check`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 896a384 384 0 1 0 0-768 384 384 0 0 0 0 768m0 64a448 448 0 1 1 0-896 448 448 0 0 1 0 896`}),F(`path`,{fill:`currentColor`,d:`M745.344 361.344a32 32 0 0 1 45.312 45.312l-288 288a32 32 0 0 1-45.312 0l-160-160a32 32 0 1 1 45.312-45.312L480 626.752z`})]))}}),Zi=L({name:`CircleCloseFilled`,__name:`circle-close-filled`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 64a448 448 0 1 1 0 896 448 448 0 0 1 0-896m0 393.664L407.936 353.6a38.4 38.4 0 1 0-54.336 54.336L457.664 512 353.6 616.064a38.4 38.4 0 1 0 54.336 54.336L512 566.336 616.064 670.4a38.4 38.4 0 1 0 54.336-54.336L566.336 512 670.4 407.936a38.4 38.4 0 1 0-54.336-54.336z`})]))}}),Qi=L({name:`CircleClose`,__name:`circle-close`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`m466.752 512-90.496-90.496a32 32 0 0 1 45.248-45.248L512 466.752l90.496-90.496a32 32 0 1 1 45.248 45.248L557.248 512l90.496 90.496a32 32 0 1 1-45.248 45.248L512 557.248l-90.496 90.496a32 32 0 0 1-45.248-45.248z`}),F(`path`,{fill:`currentColor`,d:`M512 896a384 384 0 1 0 0-768 384 384 0 0 0 0 768m0 64a448 448 0 1 1 0-896 448 448 0 0 1 0 896`})]))}}),$i=L({name:`Clock`,__name:`clock`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 896a384 384 0 1 0 0-768 384 384 0 0 0 0 768m0 64a448 448 0 1 1 0-896 448 448 0 0 1 0 896`}),F(`path`,{fill:`currentColor`,d:`M480 256a32 32 0 0 1 32 32v256a32 32 0 0 1-64 0V288a32 32 0 0 1 32-32`}),F(`path`,{fill:`currentColor`,d:`M480 512h256q32 0 32 32t-32 32H480q-32 0-32-32t32-32`})]))}}),ea=L({name:`Close`,__name:`close`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M764.288 214.592 512 466.88 259.712 214.592a31.936 31.936 0 0 0-45.12 45.12L466.752 512 214.528 764.224a31.936 31.936 0 1 0 45.12 45.184L512 557.184l252.288 252.288a31.936 31.936 0 0 0 45.12-45.12L557.12 512.064l252.288-252.352a31.936 31.936 0 1 0-45.12-45.184z`})]))}}),ta=L({name:`DArrowLeft`,__name:`d-arrow-left`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M529.408 149.376a29.12 29.12 0 0 1 41.728 0 30.59 30.59 0 0 1 0 42.688L259.264 511.936l311.872 319.936a30.59 30.59 0 0 1-.512 43.264 29.12 29.12 0 0 1-41.216-.512L197.76 534.272a32 32 0 0 1 0-44.672zm256 0a29.12 29.12 0 0 1 41.728 0 30.59 30.59 0 0 1 0 42.688L515.264 511.936l311.872 319.936a30.59 30.59 0 0 1-.512 43.264 29.12 29.12 0 0 1-41.216-.512L453.76 534.272a32 32 0 0 1 0-44.672z`})]))}}),na=L({name:`DArrowRight`,__name:`d-arrow-right`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M452.864 149.312a29.12 29.12 0 0 1 41.728.064L826.24 489.664a32 32 0 0 1 0 44.672L494.592 874.624a29.12 29.12 0 0 1-41.728 0 30.59 30.59 0 0 1 0-42.752L764.736 512 452.864 192a30.59 30.59 0 0 1 0-42.688m-256 0a29.12 29.12 0 0 1 41.728.064L570.24 489.664a32 32 0 0 1 0 44.672L238.592 874.624a29.12 29.12 0 0 1-41.728 0 30.59 30.59 0 0 1 0-42.752L508.736 512 196.864 192a30.59 30.59 0 0 1 0-42.688`})]))}}),ra=L({name:`Download`,__name:`download`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M160 832h704a32 32 0 1 1 0 64H160a32 32 0 1 1 0-64m384-253.696 236.288-236.352 45.248 45.248L508.8 704 192 387.2l45.248-45.248L480 584.704V128h64z`})]))}}),ia=L({name:`Hide`,__name:`hide`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M876.8 156.8c0-9.6-3.2-16-9.6-22.4s-12.8-9.6-22.4-9.6-16 3.2-22.4 9.6L736 220.8c-64-32-137.6-51.2-224-60.8-160 16-288 73.6-377.6 176S0 496 0 512s48 73.6 134.4 176c22.4 25.6 44.8 48 73.6 67.2l-86.4 89.6c-6.4 6.4-9.6 12.8-9.6 22.4s3.2 16 9.6 22.4 12.8 9.6 22.4 9.6 16-3.2 22.4-9.6l704-710.4c3.2-6.4 6.4-12.8 6.4-22.4m-646.4 528Q115.2 579.2 76.8 512q43.2-72 153.6-172.8C304 272 400 230.4 512 224c64 3.2 124.8 19.2 176 44.8l-54.4 54.4C598.4 300.8 560 288 512 288c-64 0-115.2 22.4-160 64s-64 96-64 160c0 48 12.8 89.6 35.2 124.8L256 707.2c-9.6-6.4-19.2-16-25.6-22.4m140.8-96Q352 555.2 352 512c0-44.8 16-83.2 48-112s67.2-48 112-48c28.8 0 54.4 6.4 73.6 19.2zM889.599 336c-12.8-16-28.8-28.8-41.6-41.6l-48 48c73.6 67.2 124.8 124.8 150.4 169.6q-43.2 72-153.6 172.8c-73.6 67.2-172.8 108.8-284.8 115.2-51.2-3.2-99.2-12.8-140.8-28.8l-48 48c57.6 22.4 118.4 38.4 188.8 44.8 160-16 288-73.6 377.6-176S1024 528 1024 512s-48.001-73.6-134.401-176`}),F(`path`,{fill:`currentColor`,d:`M511.998 672c-12.8 0-25.6-3.2-38.4-6.4l-51.2 51.2c28.8 12.8 57.6 19.2 89.6 19.2 64 0 115.2-22.4 160-64 41.6-41.6 64-96 64-160 0-32-6.4-64-19.2-89.6l-51.2 51.2c3.2 12.8 6.4 25.6 6.4 38.4 0 44.8-16 83.2-48 112s-67.2 48-112 48`})]))}}),aa=L({name:`InfoFilled`,__name:`info-filled`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 64a448 448 0 1 1 0 896.064A448 448 0 0 1 512 64m67.2 275.072c33.28 0 60.288-23.104 60.288-57.344s-27.072-57.344-60.288-57.344c-33.28 0-60.16 23.104-60.16 57.344s26.88 57.344 60.16 57.344M590.912 699.2c0-6.848 2.368-24.64 1.024-34.752l-52.608 60.544c-10.88 11.456-24.512 19.392-30.912 17.28a12.99 12.99 0 0 1-8.256-14.72l87.68-276.992c7.168-35.136-12.544-67.2-54.336-71.296-44.096 0-108.992 44.736-148.48 101.504 0 6.784-1.28 23.68.064 33.792l52.544-60.608c10.88-11.328 23.552-19.328 29.952-17.152a12.8 12.8 0 0 1 7.808 16.128L388.48 728.576c-10.048 32.256 8.96 63.872 55.04 71.04 67.84 0 107.904-43.648 147.456-100.416z`})]))}}),oa=L({name:`Link`,__name:`link`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M715.648 625.152 670.4 579.904l90.496-90.56c75.008-74.944 85.12-186.368 22.656-248.896-62.528-62.464-173.952-52.352-248.96 22.656L444.16 353.6l-45.248-45.248 90.496-90.496c100.032-99.968 251.968-110.08 339.456-22.656 87.488 87.488 77.312 239.424-22.656 339.456l-90.496 90.496zm-90.496 90.496-90.496 90.496C434.624 906.112 282.688 916.224 195.2 828.8c-87.488-87.488-77.312-239.424 22.656-339.456l90.496-90.496 45.248 45.248-90.496 90.56c-75.008 74.944-85.12 186.368-22.656 248.896 62.528 62.464 173.952 52.352 248.96-22.656l90.496-90.496zm0-362.048 45.248 45.248L398.848 670.4 353.6 625.152z`})]))}}),sa=L({name:`Loading`,__name:`loading`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 64a32 32 0 0 1 32 32v192a32 32 0 0 1-64 0V96a32 32 0 0 1 32-32m0 640a32 32 0 0 1 32 32v192a32 32 0 1 1-64 0V736a32 32 0 0 1 32-32m448-192a32 32 0 0 1-32 32H736a32 32 0 1 1 0-64h192a32 32 0 0 1 32 32m-640 0a32 32 0 0 1-32 32H96a32 32 0 0 1 0-64h192a32 32 0 0 1 32 32M195.2 195.2a32 32 0 0 1 45.248 0L376.32 331.008a32 32 0 0 1-45.248 45.248L195.2 240.448a32 32 0 0 1 0-45.248m452.544 452.544a32 32 0 0 1 45.248 0L828.8 783.552a32 32 0 0 1-45.248 45.248L647.744 692.992a32 32 0 0 1 0-45.248M828.8 195.264a32 32 0 0 1 0 45.184L692.992 376.32a32 32 0 0 1-45.248-45.248l135.808-135.808a32 32 0 0 1 45.248 0m-452.544 452.48a32 32 0 0 1 0 45.248L240.448 828.8a32 32 0 0 1-45.248-45.248l135.808-135.808a32 32 0 0 1 45.248 0`})]))}}),ca=L({name:`MagicStick`,__name:`magic-stick`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 64h64v192h-64zm0 576h64v192h-64zM160 480v-64h192v64zm576 0v-64h192v64zM249.856 199.04l45.248-45.184L430.848 289.6 385.6 334.848 249.856 199.104zM657.152 606.4l45.248-45.248 135.744 135.744-45.248 45.248zM114.048 923.2 68.8 877.952l316.8-316.8 45.248 45.248zM702.4 334.848 657.152 289.6l135.744-135.744 45.248 45.248z`})]))}}),la=L({name:`Minus`,__name:`minus`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M128 544h768a32 32 0 1 0 0-64H128a32 32 0 0 0 0 64`})]))}}),ua=L({name:`More`,__name:`more`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M176 416a112 112 0 1 0 0 224 112 112 0 0 0 0-224m0 64a48 48 0 1 1 0 96 48 48 0 0 1 0-96m336-64a112 112 0 1 1 0 224 112 112 0 0 1 0-224m0 64a48 48 0 1 0 0 96 48 48 0 0 0 0-96m336-64a112 112 0 1 1 0 224 112 112 0 0 1 0-224m0 64a48 48 0 1 0 0 96 48 48 0 0 0 0-96`})]))}}),da=L({name:`Plus`,__name:`plus`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M480 480V128a32 32 0 0 1 64 0v352h352a32 32 0 1 1 0 64H544v352a32 32 0 1 1-64 0V544H128a32 32 0 0 1 0-64z`})]))}}),fa=L({name:`Refresh`,__name:`refresh`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M771.776 794.88A384 384 0 0 1 128 512h64a320 320 0 0 0 555.712 216.448H654.72a32 32 0 1 1 0-64h149.056a32 32 0 0 1 32 32v148.928a32 32 0 1 1-64 0v-50.56zM276.288 295.616h92.992a32 32 0 0 1 0 64H220.16a32 32 0 0 1-32-32V178.56a32 32 0 0 1 64 0v50.56A384 384 0 0 1 896.128 512h-64a320 320 0 0 0-555.776-216.384z`})]))}}),pa=L({name:`Search`,__name:`search`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`m795.904 750.72 124.992 124.928a32 32 0 0 1-45.248 45.248L750.656 795.904a416 416 0 1 1 45.248-45.248zM480 832a352 352 0 1 0 0-704 352 352 0 0 0 0 704`})]))}}),ma=L({name:`SuccessFilled`,__name:`success-filled`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 64a448 448 0 1 1 0 896 448 448 0 0 1 0-896m-55.808 536.384-99.52-99.584a38.4 38.4 0 1 0-54.336 54.336l126.72 126.72a38.27 38.27 0 0 0 54.336 0l262.4-262.464a38.4 38.4 0 1 0-54.272-54.336z`})]))}}),ha=L({name:`SwitchButton`,__name:`switch-button`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M352 159.872V230.4a352 352 0 1 0 320 0v-70.528A416.128 416.128 0 0 1 512 960a416 416 0 0 1-160-800.128`}),F(`path`,{fill:`currentColor`,d:`M512 64q32 0 32 32v320q0 32-32 32t-32-32V96q0-32 32-32`})]))}}),ga=L({name:`Tickets`,__name:`tickets`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M192 128v768h640V128zm-32-64h704a32 32 0 0 1 32 32v832a32 32 0 0 1-32 32H160a32 32 0 0 1-32-32V96a32 32 0 0 1 32-32m160 448h384v64H320zm0-192h192v64H320zm0 384h384v64H320z`})]))}}),_a=L({name:`View`,__name:`view`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 160c320 0 512 352 512 352S832 864 512 864 0 512 0 512s192-352 512-352m0 64c-225.28 0-384.128 208.064-436.8 288 52.608 79.872 211.456 288 436.8 288 225.28 0 384.128-208.064 436.8-288-52.608-79.872-211.456-288-436.8-288m0 64a224 224 0 1 1 0 448 224 224 0 0 1 0-448m0 64a160.19 160.19 0 0 0-160 160c0 88.192 71.744 160 160 160s160-71.808 160-160-71.744-160-160-160`})]))}}),va=L({name:`WarningFilled`,__name:`warning-filled`,setup(e){return(e,t)=>(x(),I(`svg`,{xmlns:`http://www.w3.org/2000/svg`,viewBox:`0 0 1024 1024`},[F(`path`,{fill:`currentColor`,d:`M512 64a448 448 0 1 1 0 896 448 448 0 0 1 0-896m0 192a58.43 58.43 0 0 0-58.24 63.744l23.36 256.384a35.072 35.072 0 0 0 69.76 0l23.296-256.384A58.43 58.43 0 0 0 512 256m0 512a51.2 51.2 0 1 0 0-102.4 51.2 51.2 0 0 0 0 102.4`})]))}}),ya=P([String,Object,Function]),ba={Close:ea},xa={Close:ea,SuccessFilled:ma,InfoFilled:aa,WarningFilled:va,CircleCloseFilled:Zi},Sa={primary:aa,success:ma,warning:va,error:Zi,info:aa},Ca={validating:sa,success:Xi,error:Qi},wa=M({size:{type:P([Number,String])},color:{type:String}}),Ta=oe(L({name:`ElIcon`,inheritAttrs:!1,__name:`icon`,props:wa,setup(e){let t=e,n=a(`icon`),r=z(()=>{let{size:e,color:n}=t,r=sn(e);return!r&&!n?{}:{fontSize:r,"--color":n}});return(e,t)=>(x(),I(`i`,Be({class:U(n).b(),style:r.value},e.$attrs),[B(e.$slots,`default`)],16))}})),Ea=M({role:{type:String,values:[`dialog`,`grid`,`group`,`listbox`,`menu`,`navigation`,`tooltip`,`tree`],default:`tooltip`}}),Da=Symbol(`popper`),Oa=Symbol(`popperContent`),ka=L({name:`ElPopperArrow`,inheritAttrs:!1,__name:`arrow`,setup(e,{expose:t}){let n=a(`popper`),{arrowRef:r,arrowStyle:i}=R(Oa,void 0);return k(()=>{r.value=void 0}),t({arrowRef:r}),(e,t)=>(x(),I(`span`,{ref_key:`arrowRef`,ref:r,class:H(U(n).e(`arrow`)),style:ve(U(i)),"data-popper-arrow":``},null,6))}}),Aa=M({virtualRef:{type:P(Object)},virtualTriggering:Boolean,onMouseenter:{type:P(Function)},onMouseleave:{type:P(Function)},onClick:{type:P(Function)},onKeydown:{type:P(Function)},onFocus:{type:P(Function)},onBlur:{type:P(Function)},onContextmenu:{type:P(Function)},id:String,open:Boolean}),ja=`ElOnlyChild`,Ma=L({name:ja,setup(e,{slots:t,attrs:r}){let i=Pi(R(Mi)?.setForwardRef??Ne);return()=>{let e=t.default?.(r);if(!e)return null;let[a,o]=Na(e);return a?(o>1&&n(ja,`requires exact only one valid child.`),u(Me(a,r),[[i]])):(n(ja,`no valid child node found`),null)}}});function Na(t){if(!t)return[null,0];let n=t,r=n.filter(t=>t.type!==e).length;for(let t of n){if(ze(t))switch(t.type){case e:continue;case Ee:case`svg`:return[Pa(t),r];case de:return Na(t.children);default:return[t,r]}return[Pa(t),r]}return[null,0]}function Pa(e){let t=a(`only-child`);return ue(`span`,{class:t.e(`content`)},[e])}var Fa=L({name:`ElPopperTrigger`,inheritAttrs:!1,__name:`trigger`,props:Aa,setup(e,{expose:t}){let n=e,{role:r,triggerRef:i}=R(Da,void 0);Ni(i);let a=z(()=>s.value?n.id:void 0),o=z(()=>{if(r&&r.value===`tooltip`)return n.open&&n.id?n.id:void 0}),s=z(()=>{if(r&&r.value!==`tooltip`)return r.value}),c=z(()=>s.value?`${n.open}`:void 0),l,u=[`onMouseenter`,`onMouseleave`,`onClick`,`onKeydown`,`onFocus`,`onBlur`,`onContextmenu`];return j(()=>{G(()=>n.virtualRef,e=>{e&&(i.value=K(e))},{immediate:!0}),G(i,(e,t)=>{l?.(),l=void 0,p(t)&&u.forEach(e=>{let r=n[e];r&&t.removeEventListener(e.slice(2).toLowerCase(),r,[`onFocus`,`onBlur`].includes(e))}),p(e)&&(u.forEach(t=>{let r=n[t];r&&e.addEventListener(t.slice(2).toLowerCase(),r,[`onFocus`,`onBlur`].includes(t))}),Yt(e)&&(l=G([a,o,s,c],t=>{[`aria-controls`,`aria-describedby`,`aria-haspopup`,`aria-expanded`].forEach((n,r)=>{Re(t[r])?e.removeAttribute(n):e.setAttribute(n,t[r])})},{immediate:!0}))),p(t)&&Yt(t)&&[`aria-controls`,`aria-describedby`,`aria-haspopup`,`aria-expanded`].forEach(e=>t.removeAttribute(e))},{immediate:!0})}),k(()=>{if(l?.(),l=void 0,i.value&&p(i.value)){let e=i.value;u.forEach(t=>{let r=n[t];r&&e.removeEventListener(t.slice(2).toLowerCase(),r,[`onFocus`,`onBlur`].includes(t))}),i.value=void 0}}),t({triggerRef:i}),(t,n)=>e.virtualTriggering?Fe(`v-if`,!0):(x(),W(U(Ma),Be({key:0},t.$attrs,{"aria-controls":a.value,"aria-describedby":o.value,"aria-expanded":c.value,"aria-haspopup":s.value}),{default:N(()=>[B(t.$slots,`default`)]),_:3},16,[`aria-controls`,`aria-describedby`,`aria-expanded`,`aria-haspopup`]))}}),Ia=M({arrowOffset:{type:Number,default:5}}),La={arrowOffset:5},Ra=M({boundariesPadding:{type:Number,default:0},fallbackPlacements:{type:P(Array),default:void 0},gpuAcceleration:{type:Boolean,default:!0},offset:{type:Number,default:12},placement:{type:String,values:Fn,default:`bottom`},popperOptions:{type:P(Object),default:()=>({})},strategy:{type:String,values:[`fixed`,`absolute`],default:`absolute`}}),za=M({...Ra,...Ia,id:String,style:{type:P([String,Array,Object,Boolean]),default:void 0},className:{type:P([String,Array,Object,Boolean])},effect:{type:P(String),default:`dark`},visible:Boolean,enterable:{type:Boolean,default:!0},pure:Boolean,focusOnShow:Boolean,trapping:Boolean,popperClass:{type:P([String,Array,Object,Boolean]),default:void 0},popperStyle:{type:P([String,Array,Object,Boolean]),default:void 0},referenceEl:{type:P(Object)},triggerTargetEl:{type:P(Object)},stopPopperMouseEvent:{type:Boolean,default:!0},virtualTriggering:Boolean,zIndex:Number,...Hi([`ariaLabel`]),loop:Boolean}),Ba={boundariesPadding:0,gpuAcceleration:!0,offset:12,placement:`bottom`,popperOptions:()=>({}),strategy:`absolute`,...La,effect:`dark`,enterable:!0,stopPopperMouseEvent:!0,visible:!1,pure:!1,focusOnShow:!1,trapping:!1,virtualTriggering:!1,loop:!1,style:void 0,popperStyle:void 0,popperClass:void 0},Va={mouseenter:e=>e instanceof MouseEvent,mouseleave:e=>e instanceof MouseEvent,focus:()=>!0,blur:()=>!0,close:()=>!0},Ha=Symbol(`formContextKey`),Ua=Symbol(`formItemContextKey`),Wa=(e,t={})=>{let n=m(void 0),r=t.prop?n:Sn(`size`),i=t.global?n:O(),a=t.form?{size:void 0}:R(Ha,void 0),o=t.formItem?{size:void 0}:R(Ua,void 0);return z(()=>r.value||U(e)||o?.size||a?.size||i.value||``)},Ga=e=>{let t=Sn(`disabled`),n=R(Ha,void 0);return z(()=>t.value??U(e)??n?.disabled??!1)},Ka=()=>({form:R(Ha,void 0),formItem:R(Ua,void 0)}),qa=(e,{formItemContext:t,disableIdGeneration:n,disableIdManagement:r})=>{n||=m(!1),r||=m(!1);let i=De(),a=()=>{let e=i?.parent;for(;e;){if(e.type.name===`ElFormItem`)return!1;if(e.type.name===`ElLabelWrap`)return!0;e=e.parent}return!1},s=m(),c,l=z(()=>!!(!(e.label||e.ariaLabel)&&t&&t.inputIds&&t.inputIds?.length<=1));return j(()=>{c=G([T(e,`id`),n],([e,n])=>{let i=e??(n?void 0:Si().value);i!==s.value&&(t?.removeInputId&&!a()&&(s.value&&t.removeInputId(s.value),!r?.value&&!n&&i&&t.addInputId(i)),s.value=i)},{immediate:!0})}),o(()=>{c&&c(),t?.removeInputId&&s.value&&t.removeInputId(s.value)}),{isLabeledByFormItem:l,inputId:s}},Ja=e=>Ie(e)?e[0]:e,Ya=e=>!e&&e!==0?[]:Ie(e)?e:[e],Xa=`focus-trap.focus-after-trapped`,Za=`focus-trap.focus-after-released`,Qa=`focus-trap.focusout-prevented`,$a={cancelable:!0,bubbles:!1},eo={cancelable:!0,bubbles:!1},to=`focusAfterTrapped`,no=`focusAfterReleased`,ro=Symbol(`elFocusTrap`),io=m(),ao=m(0),oo=m(0),so=0,co=e=>{let t=[],n=document.createTreeWalker(e,NodeFilter.SHOW_ELEMENT,{acceptNode:e=>{let t=e.tagName===`INPUT`&&e.type===`hidden`;return e.disabled||e.hidden||t?NodeFilter.FILTER_SKIP:e.tabIndex>=0||e===document.activeElement?NodeFilter.FILTER_ACCEPT:NodeFilter.FILTER_SKIP}});for(;n.nextNode();)t.push(n.currentNode);return t},lo=(e,t)=>{for(let n of e)if(!uo(n,t))return n},uo=(e,t)=>{if(getComputedStyle(e).visibility===`hidden`)return!0;for(;e;){if(t&&e===t)return!1;if(getComputedStyle(e).display===`none`)return!0;e=e.parentElement}return!1},fo=e=>{let t=co(e);return[lo(t,e),lo(t.reverse(),e)]},po=e=>e instanceof HTMLInputElement&&`select`in e,mo=(e,t)=>{if(e){let n=document.activeElement;Zt(e,{preventScroll:!0}),oo.value=window.performance.now(),e!==n&&po(e)&&t&&e.select()}};function ho(e,t){let n=[...e],r=e.indexOf(t);return r!==-1&&n.splice(r,1),n}var go=()=>{let e=[];return{push:t=>{let n=e[0];n&&t!==n&&n.pause(),e=ho(e,t),e.unshift(t)},remove:t=>{e=ho(e,t),e[0]?.resume?.()}}},_o=(e,t=!1)=>{let n=document.activeElement;for(let r of e)if(mo(r,t),document.activeElement!==n)return},vo=go(),yo=()=>ao.value>oo.value,bo=()=>{io.value=`pointer`,ao.value=window.performance.now()},xo=()=>{io.value=`keyboard`,ao.value=window.performance.now()},So=()=>(j(()=>{so===0&&(document.addEventListener(`mousedown`,bo),document.addEventListener(`touchstart`,bo),document.addEventListener(`keydown`,xo)),so++}),k(()=>{so--,so<=0&&(document.removeEventListener(`mousedown`,bo),document.removeEventListener(`touchstart`,bo),document.removeEventListener(`keydown`,xo))}),{focusReason:io,lastUserFocusTimestamp:ao,lastAutomatedFocusTimestamp:oo}),Co=e=>new CustomEvent(Qa,{...eo,detail:e}),wo=L({name:`ElFocusTrap`,inheritAttrs:!1,props:{loop:Boolean,trapped:Boolean,focusTrapEl:Object,focusStartEl:{type:[Object,String],default:`first`}},emits:[to,no,`focusin`,`focusout`,`focusout-prevented`,`release-requested`],setup(e,{emit:t}){let n=m(),r,i,{focusReason:a}=So();Ti(n=>{e.trapped&&!o.paused&&t(`release-requested`,n)});let o={paused:!1,pause(){this.paused=!0},resume(){this.paused=!1}},s=n=>{if(!e.loop&&!e.trapped||o.paused)return;let{altKey:r,ctrlKey:i,metaKey:s,currentTarget:c,shiftKey:l}=n,{loop:u}=e,d=mn(n)===Xe.tab&&!r&&!i&&!s,f=document.activeElement;if(d&&f){let e=c,[r,i]=fo(e);if(!(r&&i)){if(f===e){let e=Co({focusReason:a.value});t(`focusout-prevented`,e),e.defaultPrevented||n.preventDefault()}}else if(!l&&f===i){let e=Co({focusReason:a.value});t(`focusout-prevented`,e),e.defaultPrevented||(n.preventDefault(),u&&mo(r,!0))}else if(l&&[r,e].includes(f)){let e=Co({focusReason:a.value});t(`focusout-prevented`,e),e.defaultPrevented||(n.preventDefault(),u&&mo(i,!0))}}};Se(ro,{focusTrapRef:n,onKeydown:s}),G(()=>e.focusTrapEl,e=>{e&&(n.value=e)},{immediate:!0}),G([n],([e],[t])=>{e&&(e.addEventListener(`keydown`,s),e.addEventListener(`focusin`,u),e.addEventListener(`focusout`,d)),t&&(t.removeEventListener(`keydown`,s),t.removeEventListener(`focusin`,u),t.removeEventListener(`focusout`,d))});let c=e=>{t(to,e)},l=e=>t(no,e),u=a=>{let s=U(n);if(!s)return;let c=a.target,l=a.relatedTarget,u=c&&s.contains(c);e.trapped||l&&s.contains(l)||(r=l),u&&t(`focusin`,a),o.paused||e.trapped&&(u?i=c:mo(i,!0))},d=r=>{let s=U(n);if(!o.paused&&s){if(e.trapped){let n=r.relatedTarget;!Re(n)&&!s.contains(n)&&setTimeout(()=>{if(!o.paused&&e.trapped){let e=Co({focusReason:a.value});t(`focusout-prevented`,e),e.defaultPrevented||mo(i,!0)}},0)}else{let e=r.target;e&&s.contains(e)||t(`focusout`,r)}}};async function f(){await Ke();let t=U(n);if(t){vo.push(o);let n=t.contains(document.activeElement)?r:document.activeElement;if(r=n,!t.contains(n)){let r=new Event(Xa,$a);t.addEventListener(Xa,c),t.dispatchEvent(r),r.defaultPrevented||Ke(()=>{let r=e.focusStartEl;Oe(r)||(mo(r),document.activeElement!==r&&(r=`first`)),r===`first`&&_o(co(t),!0),(document.activeElement===n||r===`container`)&&mo(t)})}}}function p(){let e=U(n);if(e){e.removeEventListener(Xa,c);let t=new CustomEvent(Za,{...$a,detail:{focusReason:a.value}});e.addEventListener(Za,l),e.dispatchEvent(t),t.defaultPrevented||a.value!=`keyboard`&&yo()&&!e.contains(document.activeElement)||mo(r??document.body),e.removeEventListener(Za,l),vo.remove(o),r=null,i=null}}return j(()=>{e.trapped&&f(),G(()=>e.trapped,e=>{e?f():p()})}),k(()=>{e.trapped&&p(),n.value&&=(n.value.removeEventListener(`keydown`,s),n.value.removeEventListener(`focusin`,u),n.value.removeEventListener(`focusout`,d),void 0),r=null,i=null}),{onKeydown:s}}}),To=(e,t)=>{let n=e.__vccOpts||e;for(let[e,r]of t)n[e]=r;return n};function Eo(e,t,n,r,i,a){return B(e.$slots,`default`,{handleKeydown:e.onKeydown})}var Do=To(wo,[[`render`,Eo]]),Oo=(e,t=[])=>{let{placement:n,strategy:r,popperOptions:i}=e,a={placement:n,strategy:r,...i,modifiers:[...Ao(e),...t]};return jo(a,i?.modifiers),a},ko=e=>{if(V)return K(e)};function Ao(e){let{offset:t,gpuAcceleration:n,fallbackPlacements:r}=e;return[{name:`offset`,options:{offset:[0,t??12]}},{name:`preventOverflow`,options:{padding:{top:0,bottom:0,left:0,right:0}}},{name:`flip`,options:{padding:5,fallbackPlacements:r}},{name:`computeStyles`,options:{gpuAcceleration:n}}]}function jo(e,t){t&&(e.modifiers=[...e.modifiers,...t??[]])}var Mo=0,No=e=>{let{popperInstanceRef:t,contentRef:n,triggerRef:r,role:i}=R(Da,void 0),a=m(),o=z(()=>e.arrowOffset),s=z(()=>({name:`eventListeners`,enabled:!!e.visible})),c=z(()=>{let e=U(a),t=U(o)??Mo;return{name:`arrow`,enabled:!jt(e),options:{element:e,padding:t}}}),l=z(()=>({onFirstUpdate:()=>{h()},...Oo(e,[U(c),U(s)])})),u=z(()=>ko(e.referenceEl)||U(r)),{attributes:d,state:f,styles:p,update:h,forceUpdate:g,instanceRef:_}=gi(u,n,l);G(_,e=>t.value=e,{flush:`sync`}),j(()=>{G(()=>U(u)?.getBoundingClientRect?.(),()=>{h()})});let v;return G(()=>e.visible,e=>{v?.(),v=void 0,e&&(v=Ht(n,h).stop)}),k(()=>{t.value=void 0,v?.(),v=void 0}),{attributes:d,arrowRef:a,contentRef:n,instanceRef:_,state:f,styles:p,role:i,forceUpdate:g,update:h}},Po=(e,{attributes:t,styles:n,role:r})=>{let{nextZIndex:i}=He(),o=a(`popper`),s=z(()=>U(t).popper),c=m(re(e.zIndex)?e.zIndex:i()),l=z(()=>[o.b(),o.is(`pure`,e.pure),o.is(e.effect),e.popperClass]),u=z(()=>[{zIndex:U(c)},U(n).popper,e.popperStyle||{}]);return{ariaModal:z(()=>r.value===`dialog`?`false`:void 0),arrowStyle:z(()=>U(n).arrow||{}),contentAttrs:s,contentClass:l,contentStyle:u,contentZIndex:c,updateZIndex:()=>{c.value=re(e.zIndex)?e.zIndex:i()}}},Fo=(e,t)=>{let n=m(!1),r=m();return k(()=>{r.value=void 0}),{focusStartRef:r,trapped:n,onFocusAfterReleased:e=>{e.detail?.focusReason!==`pointer`&&(r.value=`first`,t(`blur`))},onFocusAfterTrapped:()=>{t(`focus`)},onFocusInTrap:t=>{e.visible&&!n.value&&(t.target&&(r.value=t.target),n.value=!0)},onFocusoutPrevented:t=>{e.trapping||(t.detail.focusReason===`pointer`&&t.preventDefault(),n.value=!1)},onReleaseRequested:()=>{n.value=!1,t(`close`)}}},Io=L({name:`ElPopperContent`,__name:`content`,props:za,emits:Va,setup(e,{expose:t,emit:n}){let r=n,i=e,{focusStartRef:a,trapped:o,onFocusAfterReleased:s,onFocusAfterTrapped:c,onFocusInTrap:l,onFocusoutPrevented:u,onReleaseRequested:d}=Fo(i,r),{attributes:f,arrowRef:m,contentRef:h,styles:g,instanceRef:_,role:v,update:y}=No(i),{ariaModal:b,arrowStyle:S,contentAttrs:C,contentClass:w,contentStyle:T,updateZIndex:E}=Po(i,{styles:g,attributes:f,role:v}),D=R(Ua,void 0);Se(Oa,{arrowStyle:S,arrowRef:m}),D&&Se(Ua,{...D,addInputId:Ne,removeInputId:Ne});let O,A=(e=!0)=>{y(),e&&E()},M=()=>{A(!1),i.visible&&i.focusOnShow?o.value=!0:i.visible===!1&&(o.value=!1)};return j(()=>{G(()=>i.triggerTargetEl,(e,t)=>{O?.(),O=void 0;let n=U(e||h.value),r=U(t||h.value);p(n)&&(O=G([v,()=>i.ariaLabel,b,()=>i.id],e=>{[`role`,`aria-label`,`aria-modal`,`id`].forEach((t,r)=>{Re(e[r])?n.removeAttribute(t):n.setAttribute(t,e[r])})},{immediate:!0})),r!==n&&p(r)&&[`role`,`aria-label`,`aria-modal`,`id`].forEach(e=>{r.removeAttribute(e)})},{immediate:!0}),G(()=>i.visible,M,{immediate:!0})}),k(()=>{O?.(),O=void 0,h.value=void 0}),t({popperContentRef:h,popperInstanceRef:_,updatePopper:A,contentStyle:T}),(t,n)=>(x(),I(`div`,Be({ref_key:`contentRef`,ref:h},U(C),{style:U(T),class:U(w),tabindex:`-1`,onMouseenter:n[0]||=e=>t.$emit(`mouseenter`,e),onMouseleave:n[1]||=e=>t.$emit(`mouseleave`,e)}),[ue(U(Do),{loop:e.loop,trapped:U(o),"trap-on-focus-in":!0,"focus-trap-el":U(h),"focus-start-el":U(a),onFocusAfterTrapped:U(c),onFocusAfterReleased:U(s),onFocusin:U(l),onFocusoutPrevented:U(u),onReleaseRequested:U(d)},{default:N(()=>[B(t.$slots,`default`)]),_:3},8,[`loop`,`trapped`,`focus-trap-el`,`focus-start-el`,`onFocusAfterTrapped`,`onFocusAfterReleased`,`onFocusin`,`onFocusoutPrevented`,`onReleaseRequested`])],16))}}),Lo=oe(L({name:`ElPopper`,inheritAttrs:!1,__name:`popper`,props:Ea,setup(e,{expose:t}){let n=e,r={triggerRef:m(),popperInstanceRef:m(),contentRef:m(),referenceRef:m(),role:z(()=>n.role)};return t(r),Se(Da,r),(e,t)=>B(e.$slots,`default`)}}));({...Ai,...Ba});var Ro=M({...ki,...za,appendTo:{type:P([String,Object])},content:{type:String,default:``},rawContent:Boolean,persistent:Boolean,visible:{type:P(Boolean),default:null},transition:String,teleported:{type:Boolean,default:!0},disabled:Boolean,...Hi([`ariaLabel`])}),zo=M({...Aa,disabled:Boolean,trigger:{type:P([String,Array]),default:`hover`},triggerKeys:{type:P(Array),default:()=>[Xe.enter,Xe.numpadEnter,Xe.space]},focusOnTarget:Boolean}),{useModelToggleProps:Bo,useModelToggleEmits:Vo,useModelToggle:Ho}=vn(`visible`),Uo=M({...Ea,...Bo,...Ro,...zo,...Ia,showArrow:{type:Boolean,default:!0}}),Wo=[...Vo,`before-show`,`before-hide`,`show`,`hide`,`open`,`close`],Go=Symbol(`elTooltip`),Ko=(e,t)=>Ie(e)?e.includes(t):e===t,qo=(e,t,n)=>r=>{Ko(U(e),t)&&n(r)},Jo=L({name:`ElTooltipTrigger`,__name:`trigger`,props:zo,setup(e,{expose:t}){let n=e,r=a(`tooltip`),{controlled:i,id:o,open:s,onOpen:c,onClose:l,onToggle:u}=R(Go,void 0),d=m(null),f=()=>{if(U(i)||n.disabled)return!0},p=T(n,`trigger`),h=pn(f,qo(p,`hover`,e=>{c(e),n.focusOnTarget&&e.target&&Ke(()=>{Zt(e.target,{preventScroll:!0})})})),g=pn(f,qo(p,`hover`,l)),_=pn(f,qo(p,`click`,e=>{e.button===0&&u(e)})),v=pn(f,qo(p,`focus`,c)),y=pn(f,qo(p,`focus`,l)),b=pn(f,qo(p,`contextmenu`,e=>{e.preventDefault(),u(e)})),S=pn(f,e=>{let t=mn(e);n.triggerKeys.includes(t)&&(e.preventDefault(),u(e))});return t({triggerRef:d}),(t,n)=>(x(),W(U(Fa),{id:U(o),"virtual-ref":e.virtualRef,open:U(s),"virtual-triggering":e.virtualTriggering,class:H(U(r).e(`trigger`)),onBlur:U(y),onClick:U(_),onContextmenu:U(b),onFocus:U(v),onMouseenter:U(h),onMouseleave:U(g),onKeydown:U(S)},{default:N(()=>[B(t.$slots,`default`)]),_:3},8,[`id`,`virtual-ref`,`open`,`virtual-triggering`,`class`,`onBlur`,`onClick`,`onContextmenu`,`onFocus`,`onMouseenter`,`onMouseleave`,`onKeydown`]))}}),Yo=L({name:`ElTooltipContent`,inheritAttrs:!1,__name:`content`,props:Ro,setup(e,{expose:t}){let n=e,{selector:r}=Ei(),i=a(`tooltip`),o=m(),s=b(()=>o.value?.popperContentRef),c,{controlled:l,id:d,open:f,trigger:p,onClose:h,onOpen:g,onShow:_,onHide:v,onBeforeShow:y,onBeforeHide:S}=R(Go,void 0),C=z(()=>n.transition||`${i.namespace.value}-fade-in-linear`),w=z(()=>n.persistent);k(()=>{c?.()});let T=z(()=>U(w)?!0:U(f)),E=z(()=>!n.disabled&&U(f)),D=z(()=>n.appendTo||r.value),O=z(()=>n.style??{}),A=m(!0),j=()=>{v(),se()&&Zt(document.body,{preventScroll:!0}),A.value=!0},M=()=>{if(U(l))return!0},ee=pn(M,()=>{n.enterable&&Ko(U(p),`hover`)&&g()}),te=pn(M,()=>{Ko(U(p),`hover`)&&h()}),P=()=>{o.value?.updatePopper?.(),y?.()},re=()=>{S?.()},ie=()=>{_()},oe=()=>{n.virtualTriggering||h()},se=e=>{let t=o.value?.popperContentRef,n=e?.relatedTarget||document.activeElement;return t?.contains(n)};return G(()=>U(f),e=>{e?(A.value=!1,c=Rt(s,()=>{U(l)||Ya(U(p)).every(e=>e!==`hover`&&e!==`focus`)&&h()},{detectIframe:!0})):c?.()},{flush:`post`}),t({contentRef:o,isFocusInsideContent:se}),(t,n)=>(x(),W(Le,{disabled:!e.teleported,to:D.value},[T.value||!A.value?(x(),W(ne,{key:0,name:C.value,appear:!w.value,onAfterLeave:j,onBeforeEnter:P,onAfterEnter:ie,onBeforeLeave:re,persisted:``},{default:N(()=>[u(ue(U(Io),Be({id:U(d),ref_key:`contentRef`,ref:o},t.$attrs,{"aria-label":e.ariaLabel,"aria-hidden":A.value,"boundaries-padding":e.boundariesPadding,"fallback-placements":e.fallbackPlacements,"gpu-acceleration":e.gpuAcceleration,offset:e.offset,placement:e.placement,"popper-options":e.popperOptions,"arrow-offset":e.arrowOffset,strategy:e.strategy,effect:e.effect,enterable:e.enterable,pure:e.pure,"popper-class":e.popperClass,"popper-style":[e.popperStyle,O.value],"reference-el":e.referenceEl,"trigger-target-el":e.triggerTargetEl,visible:E.value,"z-index":e.zIndex,loop:e.loop,onMouseenter:U(ee),onMouseleave:U(te),onBlur:oe,onClose:U(h)}),{default:N(()=>[B(t.$slots,`default`)]),_:3},16,[`id`,`aria-label`,`aria-hidden`,`boundaries-padding`,`fallback-placements`,`gpu-acceleration`,`offset`,`placement`,`popper-options`,`arrow-offset`,`strategy`,`effect`,`enterable`,`pure`,`popper-class`,`popper-style`,`reference-el`,`trigger-target-el`,`visible`,`z-index`,`loop`,`onMouseenter`,`onMouseleave`,`onClose`]),[[ae,E.value]])]),_:3},8,[`name`,`appear`])):Fe(`v-if`,!0)],8,[`disabled`,`to`]))}}),Xo=[`innerHTML`],Zo={key:1},Qo=oe(L({name:`ElTooltip`,__name:`tooltip`,props:Uo,emits:Wo,setup(e,{expose:t,emit:n}){let r=e,i=n;Oi();let o=a(`tooltip`),s=Si(),c=m(),l=m(),u=()=>{let e=U(c);e&&e.popperInstanceRef?.update()},d=m(!1),f=m(),{show:p,hide:h,hasUpdateHandler:g}=Ho({indicator:d,toggleReason:f}),{onOpen:_,onClose:v}=ji({showAfter:T(r,`showAfter`),hideAfter:T(r,`hideAfter`),autoClose:T(r,`autoClose`),open:p,close:h}),y=z(()=>ke(r.visible)&&!g.value),b=z(()=>[o.b(),r.popperClass]);return Se(Go,{controlled:y,id:s,open:Ae(d),trigger:T(r,`trigger`),onOpen:_,onClose:v,onToggle:e=>{U(d)?v(e):_(e)},onShow:()=>{i(`show`,f.value)},onHide:()=>{i(`hide`,f.value)},onBeforeShow:()=>{i(`before-show`,f.value)},onBeforeHide:()=>{i(`before-hide`,f.value)},updatePopper:u}),G(()=>r.disabled,e=>{e&&d.value&&(d.value=!1),!e&&ke(r.visible)&&(d.value=r.visible)}),Ue(()=>d.value&&h()),k(()=>{f.value=void 0}),t({popperRef:c,contentRef:l,isFocusInsideContent:e=>l.value?.isFocusInsideContent(e),updatePopper:u,onOpen:_,onClose:v,hide:h}),(t,n)=>(x(),W(U(Lo),{ref_key:`popperRef`,ref:c,role:e.role},{default:N(()=>[ue(Jo,{disabled:e.disabled,trigger:e.trigger,"trigger-keys":e.triggerKeys,"virtual-ref":e.virtualRef,"virtual-triggering":e.virtualTriggering,"focus-on-target":e.focusOnTarget},{default:N(()=>[t.$slots.default?B(t.$slots,`default`,{key:0}):Fe(`v-if`,!0)]),_:3},8,[`disabled`,`trigger`,`trigger-keys`,`virtual-ref`,`virtual-triggering`,`focus-on-target`]),ue(Yo,{ref_key:`contentRef`,ref:l,"aria-label":e.ariaLabel,"boundaries-padding":e.boundariesPadding,content:e.content,disabled:e.disabled,effect:e.effect,enterable:e.enterable,"fallback-placements":e.fallbackPlacements,"hide-after":e.hideAfter,"gpu-acceleration":e.gpuAcceleration,offset:e.offset,persistent:e.persistent,"popper-class":b.value,"popper-style":e.popperStyle,placement:e.placement,"popper-options":e.popperOptions,"arrow-offset":e.arrowOffset,pure:e.pure,"raw-content":e.rawContent,"reference-el":e.referenceEl,"trigger-target-el":e.triggerTargetEl,"show-after":e.showAfter,strategy:e.strategy,teleported:e.teleported,transition:e.transition,"virtual-triggering":e.virtualTriggering,"z-index":e.zIndex,"append-to":e.appendTo,loop:e.loop},{default:N(()=>[B(t.$slots,`content`,{},()=>[e.rawContent?(x(),I(`span`,{key:0,innerHTML:e.content},null,8,Xo)):(x(),I(`span`,Zo,ge(e.content),1))]),e.showArrow?(x(),W(U(ka),{key:0})):Fe(`v-if`,!0)]),_:3},8,`aria-label.boundaries-padding.content.disabled.effect.enterable.fallback-placements.hide-after.gpu-acceleration.offset.persistent.popper-class.popper-style.placement.popper-options.arrow-offset.pure.raw-content.reference-el.trigger-target-el.show-after.strategy.teleported.transition.virtual-triggering.z-index.append-to.loop`.split(`.`))]),_:3},8,[`role`]))}})),$o=e=>e,es=M({size:r,disabled:{type:Boolean,default:void 0},type:{type:String,values:[`default`,`primary`,`success`,`warning`,`info`,`danger`,`text`,``],default:``},icon:{type:ya},nativeType:{type:String,values:[`button`,`submit`,`reset`],default:`button`},loading:Boolean,loadingIcon:{type:ya,default:()=>sa},plain:{type:Boolean,default:void 0},text:{type:Boolean,default:void 0},link:Boolean,bg:Boolean,autofocus:Boolean,round:{type:Boolean,default:void 0},circle:Boolean,dashed:{type:Boolean,default:void 0},color:String,dark:Boolean,autoInsertSpace:{type:Boolean,default:void 0},tag:{type:P([String,Object]),default:`button`}}),ts={click:e=>e instanceof MouseEvent},ns=Symbol(`buttonGroupContextKey`),rs=(e,t)=>{Ut({from:`type.text`,replacement:`link`,version:`3.0.0`,scope:`props`,ref:`https://element-plus.org/en-US/component/button.html#button-attributes`},z(()=>e.type===`text`));let n=R(ns,void 0),r=me(`button`),{form:i}=Ka(),a=Wa(z(()=>n?.size)),o=Ga(),s=m(),c=D(),l=z(()=>e.type||n?.type||r.value?.type||``),u=z(()=>e.autoInsertSpace??r.value?.autoInsertSpace??!1),d=z(()=>e.plain??r.value?.plain??!1),f=z(()=>e.round??r.value?.round??!1),p=z(()=>e.text??r.value?.text??!1),h=z(()=>e.dashed??r.value?.dashed??!1);return{_disabled:o,_size:a,_type:l,_ref:s,_props:z(()=>e.tag===`button`?{ariaDisabled:o.value||e.loading,disabled:o.value||e.loading,autofocus:e.autofocus,type:e.nativeType}:{}),_plain:d,_round:f,_text:p,_dashed:h,shouldAddSpace:z(()=>{let e=c.default?.();if(u.value&&e?.length===1){let t=e[0];if(t?.type===Ee){let e=t.children;return/^\p{Unified_Ideograph}{2}$/u.test(e.trim())}}return!1}),handleClick:n=>{o.value||e.loading?n.stopPropagation():(e.nativeType===`reset`&&i?.resetFields(),t(`click`,n))}}};function Y(e,t){as(e)&&(e=`100%`);let n=os(e);return e=t===360?parseFloat(e):Math.min(t,Math.max(0,parseFloat(e))),n&&(e=parseInt(String(e*t),10)/100),Math.abs(e-t)<1e-6?1:(e=t===360?(e<0?e%t+t:e%t)/t:e%t/t,e)}function is(e){return Math.min(1,Math.max(0,e))}function as(e){return typeof e==`string`&&e.indexOf(`.`)!==-1&&!os(e)&&parseFloat(e)===1}function os(e){return typeof e==`string`&&e.indexOf(`%`)!==-1}function ss(e){return e=typeof e==`string`&&e.trim().endsWith(`%`)?parseFloat(e)/100:parseFloat(e),(isNaN(e)||e<0||e>1)&&(e=1),e}function cs(e){return Number(e)<=1?`${Number(e)*100}%`:e}function ls(e){if(typeof e!=`number`||!(e<=1))return cs(e);let t=Math.min(100,Math.max(0,e*100))*100;return(t>=1e-6?Math.trunc(t):parseInt(String(t),10))/100}function us(e){return e.length===1?`0`+e:String(e)}function ds(e,t,n){return{r:Y(e,255)*255,g:Y(t,255)*255,b:Y(n,255)*255}}function fs(e,t,n){e=Y(e,255),t=Y(t,255),n=Y(n,255);let r=Math.max(e,t,n),i=Math.min(e,t,n),a=0,o,s=(r+i)/2;if(r===i)o=0,a=0;else{let c=r-i;switch(o=s>.5?c/(2-r-i):c/(r+i),r){case e:a=(t-n)/c+(t<n?6:0);break;case t:a=(n-e)/c+2;break;case n:a=(e-t)/c+4}a/=6}return{h:a,s:o,l:s}}function ps(e,t,n){return n<0&&(n+=1),n>1&&--n,n<1/6?e+(t-e)*(6*n):n<.5?t:n<2/3?e+(t-e)*(2/3-n)*6:e}function ms(e,t,n){let r,i,a;if(e=Y(e,360),t=Y(t,100),n=Y(n,100),t===0)i=n,a=n,r=n;else{let o=n<.5?n*(1+t):n+t-n*t,s=2*n-o;r=ps(s,o,e+1/3),i=ps(s,o,e),a=ps(s,o,e-1/3)}return{r:r*255,g:i*255,b:a*255}}function hs(e,t,n){e=Y(e,255),t=Y(t,255),n=Y(n,255);let r=Math.max(e,t,n),i=Math.min(e,t,n),a=0,o=r,s=r-i,c=r===0?0:s/r;if(r===i)a=0;else{switch(r){case e:a=(t-n)/s+(t<n?6:0);break;case t:a=(n-e)/s+2;break;case n:a=(e-t)/s+4}a/=6}return{h:a,s:c,v:o}}function gs(e,t,n){e=Y(e,360)*6,t=Y(t,100),n=Y(n,100);let r=Math.floor(e),i=e-r,a=n*(1-t),o=n*(1-i*t),s=n*(1-(1-i)*t),c=r%6,l=[n,o,a,a,s,n][c],u=[s,n,n,o,a,a][c],d=[a,a,s,n,n,o][c];return{r:l*255,g:u*255,b:d*255}}function _s(e){return e<10?48+e:87+e}function vs(e){let t=Math.round(e);return t>=0&&t<=255?String.fromCharCode(_s(t>>4),_s(t&15)):us(t.toString(16))}function ys(e){return vs(parseFloat(e)*255)}function bs(e,t,n,r){let i=vs(e),a=vs(t),o=vs(n);return r&&i.startsWith(i.charAt(1))&&a.startsWith(a.charAt(1))&&o.startsWith(o.charAt(1))?i.charAt(0)+a.charAt(0)+o.charAt(0):i+a+o}function xs(e,t,n,r,i){let a=vs(e),o=vs(t),s=vs(n),c=ys(r);return i&&a.startsWith(a.charAt(1))&&o.startsWith(o.charAt(1))&&s.startsWith(s.charAt(1))&&c.startsWith(c.charAt(1))?a.charAt(0)+o.charAt(0)+s.charAt(0)+c.charAt(0):a+o+s+c}function Ss(e,t,n,r){let i=e/100,a=t/100,o=n/100,s=r/100;return{r:255*(1-i)*(1-s),g:255*(1-a)*(1-s),b:255*(1-o)*(1-s)}}function Cs(e,t,n){let r=1-e/255,i=1-t/255,a=1-n/255,o=Math.min(r,i,a);return o===1?(r=0,i=0,a=0):(r=(r-o)/(1-o)*100,i=(i-o)/(1-o)*100,a=(a-o)/(1-o)*100),o*=100,{c:Math.round(r),m:Math.round(i),y:Math.round(a),k:Math.round(o)}}function ws(e,t,n){let[r,i,a]=Ms(As(e/255),As(t/255),As(n/255)),o=Math.sqrt(i*i+a*a);if(o<=4e-6)return{l:Math.min(1,r),c:0,h:0};let s=Math.atan2(a,i)*180/Math.PI;return{l:Math.min(1,r),c:o,h:s<0?s+360:s}}function Ts(e,t,n){if(e>=1)return{r:255,g:255,b:255};if(e<=0)return{r:0,g:0,b:0};let r=n*Math.PI/180,i=Math.cos(r),a=Math.sin(r),o=Math.max(0,t),s=Ns(e,o*i,o*a);return Os(s)||(s=Es(e,o,i,a)),{r:js(s[0])*255,g:js(s[1])*255,b:js(s[2])*255}}function Es(e,t,n,r){let i=.02,a=1e-4,o=ks(Ns(e,t*n,t*r));if(Ds(e,t*n,t*r,o)<i)return o;let s=0,c=t,l=!0;for(;c-s>a;){let t=(s+c)/2,u=Ns(e,t*n,t*r);if(l&&Os(u)){s=t;continue}o=ks(u);let d=Ds(e,t*n,t*r,o);if(d<i){if(i-d<a)break;l=!1,s=t}else c=t}return o}function Ds(e,t,n,r){let[i,a,o]=Ms(r[0],r[1],r[2]),s=e-i,c=t-a,l=n-o;return Math.sqrt(s*s+c*c+l*l)}function Os(e){return e[0]>=0&&e[0]<=1&&e[1]>=0&&e[1]<=1&&e[2]>=0&&e[2]<=1}function ks(e){return[Math.min(1,Math.max(0,e[0])),Math.min(1,Math.max(0,e[1])),Math.min(1,Math.max(0,e[2]))]}function As(e){return e<=.04045?e/12.92:((e+.055)/1.055)**2.4}function js(e){return e<=.0031308?e*12.92:1.055*e**(1/2.4)-.055}function Ms(e,t,n){let r=Math.cbrt(.41222146947076305*e+.5363325372617348*t+.05144599326750221*n),i=Math.cbrt(.21190349581782522*e+.6806995506452344*t+.10739695353694056*n),a=Math.cbrt(.08830245919005643*e+.2817188391361215*t+.6299787016738222*n);return[.210454268309314*r+.7936177747023054*i-.0040720430116193*a,1.9779985324311684*r-2.42859224204858*i+.450593709617411*a,.0259040424655478*r+.7827717124575296*i-.8086757549230774*a]}function Ns(e,t,n){let r=e+.3963377773761749*t+.2158037573099136*n,i=e-.1055613458156586*t-.0638541728258133*n,a=e-.0894841775298119*t-1.2914855480194092*n,o=r*r*r,s=i*i*i,c=a*a*a;return[4.076741636075958*o-3.3077115392580616*s+.2309699031821043*c,-1.2684379732850317*o+2.6097573492876887*s-.34131937600265727*c,-.004196076138675564*o-.7034186179359363*s+1.7076146940746117*c]}function Ps(e){return{r:e>>16,g:(e&65280)>>8,b:e&255}}var Fs={aliceblue:`#f0f8ff`,antiquewhite:`#faebd7`,aqua:`#00ffff`,aquamarine:`#7fffd4`,azure:`#f0ffff`,beige:`#f5f5dc`,bisque:`#ffe4c4`,black:`#000000`,blanchedalmond:`#ffebcd`,blue:`#0000ff`,blueviolet:`#8a2be2`,brown:`#a52a2a`,burlywood:`#deb887`,cadetblue:`#5f9ea0`,chartreuse:`#7fff00`,chocolate:`#d2691e`,coral:`#ff7f50`,cornflowerblue:`#6495ed`,cornsilk:`#fff8dc`,crimson:`#dc143c`,cyan:`#00ffff`,darkblue:`#00008b`,darkcyan:`#008b8b`,darkgoldenrod:`#b8860b`,darkgray:`#a9a9a9`,darkgreen:`#006400`,darkgrey:`#a9a9a9`,darkkhaki:`#bdb76b`,darkmagenta:`#8b008b`,darkolivegreen:`#556b2f`,darkorange:`#ff8c00`,darkorchid:`#9932cc`,darkred:`#8b0000`,darksalmon:`#e9967a`,darkseagreen:`#8fbc8f`,darkslateblue:`#483d8b`,darkslategray:`#2f4f4f`,darkslategrey:`#2f4f4f`,darkturquoise:`#00ced1`,darkviolet:`#9400d3`,deeppink:`#ff1493`,deepskyblue:`#00bfff`,dimgray:`#696969`,dimgrey:`#696969`,dodgerblue:`#1e90ff`,firebrick:`#b22222`,floralwhite:`#fffaf0`,forestgreen:`#228b22`,fuchsia:`#ff00ff`,gainsboro:`#dcdcdc`,ghostwhite:`#f8f8ff`,goldenrod:`#daa520`,gold:`#ffd700`,gray:`#808080`,green:`#008000`,greenyellow:`#adff2f`,grey:`#808080`,honeydew:`#f0fff0`,hotpink:`#ff69b4`,indianred:`#cd5c5c`,indigo:`#4b0082`,ivory:`#fffff0`,khaki:`#f0e68c`,lavenderblush:`#fff0f5`,lavender:`#e6e6fa`,lawngreen:`#7cfc00`,lemonchiffon:`#fffacd`,lightblue:`#add8e6`,lightcoral:`#f08080`,lightcyan:`#e0ffff`,lightgoldenrodyellow:`#fafad2`,lightgray:`#d3d3d3`,lightgreen:`#90ee90`,lightgrey:`#d3d3d3`,lightpink:`#ffb6c1`,lightsalmon:`#ffa07a`,lightseagreen:`#20b2aa`,lightskyblue:`#87cefa`,lightslategray:`#778899`,lightslategrey:`#778899`,lightsteelblue:`#b0c4de`,lightyellow:`#ffffe0`,lime:`#00ff00`,limegreen:`#32cd32`,linen:`#faf0e6`,magenta:`#ff00ff`,maroon:`#800000`,mediumaquamarine:`#66cdaa`,mediumblue:`#0000cd`,mediumorchid:`#ba55d3`,mediumpurple:`#9370db`,mediumseagreen:`#3cb371`,mediumslateblue:`#7b68ee`,mediumspringgreen:`#00fa9a`,mediumturquoise:`#48d1cc`,mediumvioletred:`#c71585`,midnightblue:`#191970`,mintcream:`#f5fffa`,mistyrose:`#ffe4e1`,moccasin:`#ffe4b5`,navajowhite:`#ffdead`,navy:`#000080`,oldlace:`#fdf5e6`,olive:`#808000`,olivedrab:`#6b8e23`,orange:`#ffa500`,orangered:`#ff4500`,orchid:`#da70d6`,palegoldenrod:`#eee8aa`,palegreen:`#98fb98`,paleturquoise:`#afeeee`,palevioletred:`#db7093`,papayawhip:`#ffefd5`,peachpuff:`#ffdab9`,peru:`#cd853f`,pink:`#ffc0cb`,plum:`#dda0dd`,powderblue:`#b0e0e6`,purple:`#800080`,rebeccapurple:`#663399`,red:`#ff0000`,rosybrown:`#bc8f8f`,royalblue:`#4169e1`,saddlebrown:`#8b4513`,salmon:`#fa8072`,sandybrown:`#f4a460`,seagreen:`#2e8b57`,seashell:`#fff5ee`,sienna:`#a0522d`,silver:`#c0c0c0`,skyblue:`#87ceeb`,slateblue:`#6a5acd`,slategray:`#708090`,slategrey:`#708090`,snow:`#fffafa`,springgreen:`#00ff7f`,steelblue:`#4682b4`,tan:`#d2b48c`,teal:`#008080`,thistle:`#d8bfd8`,tomato:`#ff6347`,turquoise:`#40e0d0`,violet:`#ee82ee`,wheat:`#f5deb3`,white:`#ffffff`,whitesmoke:`#f5f5f5`,yellow:`#ffff00`,yellowgreen:`#9acd32`};function Is(e){let t={r:0,g:0,b:0},n=1,r=!1,i=!1,a;if(typeof e==`string`&&(e=Gs(e)),typeof e==`object`){if(Z(e.r)&&Z(e.g)&&Z(e.b)){t=ds(e.r,e.g,e.b),r=!0;let{r:n}=e;i=typeof n!=`number`&&String(n).endsWith(`%`)?`prgb`:`rgb`}else if(Z(e.h)&&Z(e.s)&&Z(e.v)){let n=ls(e.s),a=ls(e.v);t=gs(e.h,n,a),r=!0,i=`hsv`}else if(Z(e.h)&&Z(e.s)&&Z(e.l)){let n=ls(e.s),a=ls(e.l);t=ms(e.h,n,a),r=!0,i=`hsl`}else if(Z(e.l)&&Z(e.c)&&Z(e.h)){let n=Ls(e.l),o=Rs(e.c),s=zs(e.h);Number.isFinite(n+o+s)&&(a={l:n,c:o,h:s},t=Ts(n,o,s),r=!0,i=`oklch`)}else Z(e.c)&&Z(e.m)&&Z(e.y)&&Z(e.k)&&(t=Ss(e.c,e.m,e.y,e.k),r=!0,i=`cmyk`);Object.prototype.hasOwnProperty.call(e,`a`)&&(n=e.a)}return n=ss(n),{ok:r,format:e.format||i,r:Math.min(255,Math.max(t.r,0)),g:Math.min(255,Math.max(t.g,0)),b:Math.min(255,Math.max(t.b,0)),a:n,oklch:a}}function Ls(e){return is(typeof e==`number`?e:Bs(e,1,!1))}function Rs(e){return Math.max(0,typeof e==`number`?e:Bs(e,.4,!1))}function zs(e){let t=(typeof e==`number`?e:Bs(e,NaN,!0))%360;return t<0?t+360:Math.abs(t)}function Bs(e,t,n){let r=/^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)$/.exec(e.trim().toLowerCase());return r?Vs(Number(r[1]),r[2],t,n):NaN}function Vs(e,t,n,r){switch(t){case``:return e;case`%`:return r?NaN:e/100*n;case`deg`:return r?e:NaN;case`grad`:return r?e*.9:NaN;case`rad`:return r?e*180/Math.PI:NaN;case`turn`:return r?e*360:NaN;default:return NaN}}var Hs=`(?:[-\\+]?\\d*\\.\\d+%?)|(?:[-\\+]?\\d+%?)`,Us=`[\\s|\\(]+(`+Hs+`)[,|\\s]+(`+Hs+`)[,|\\s]+(`+Hs+`)(?:[,|\\s|/]+(`+Hs+`))?\\s*\\)?`,Ws={CSS_UNIT:new RegExp(Hs),rgb:RegExp(`rgba?`+Us),hsl:RegExp(`hsla?`+Us),hsv:RegExp(`hsva?`+Us),cmyk:RegExp(`cmyk[\\s|\\(]+((?:[-\\+]?\\d*\\.\\d+%?)|(?:[-\\+]?\\d+%?))[,|\\s]+((?:[-\\+]?\\d*\\.\\d+%?)|(?:[-\\+]?\\d+%?))[,|\\s]+((?:[-\\+]?\\d*\\.\\d+%?)|(?:[-\\+]?\\d+%?))[,|\\s]+((?:[-\\+]?\\d*\\.\\d+%?)|(?:[-\\+]?\\d+%?))\\s*\\)?`)};function Gs(e){if(e=e.trim().toLowerCase(),e.length===0)return!1;if(e.startsWith(`oklch`))return Ks(e);let t=!1;if(Fs[e])e=Fs[e],t=!0;else if(e===`transparent`)return{r:0,g:0,b:0,a:0,format:`name`};if(typeof e==`string`&&e.length<=9){let n=qs(e,t);if(n)return n}let n=Ws.rgb.exec(e);return n?n[4]===void 0?{r:n[1],g:n[2],b:n[3]}:{r:n[1],g:n[2],b:n[3],a:n[4]}:(n=Ws.hsl.exec(e),n?n[4]===void 0?{h:n[1],s:n[2],l:n[3]}:{h:n[1],s:n[2],l:n[3],a:n[4]}:(n=Ws.hsv.exec(e),n?n[4]===void 0?{h:n[1],s:n[2],v:n[3]}:{h:n[1],s:n[2],v:n[3],a:n[4]}:(n=Ws.cmyk.exec(e),n?{c:n[1],m:n[2],y:n[3],k:n[4]}:!1)))}function Ks(e){let t=/^oklch(?:\s*\(\s*|\s+)(?:none|([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(%?))[\s,]+(?:none|([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(%?))[\s,]+(?:none|([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(deg|grad|rad|turn)?)(?:(?:\s*[,/]\s*|\s+)(none|([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(%?)))?\s*\)?$/.exec(e);if(!t)return!1;let n=t[1]===void 0?0:Vs(Number(t[1]),t[2],1,!1),r=t[3]===void 0?0:Vs(Number(t[3]),t[4],.4,!1),i=t[5]===void 0?0:Vs(Number(t[5]),t[6]??``,NaN,!0);return t[7]===void 0?{l:n,c:r,h:i}:{l:n,c:r,h:i,a:t[8]===void 0?0:Vs(Number(t[8]),t[9],1,!1)}}function qs(e,t){let n=+!!e.startsWith(`#`),r=e.length-n;if(r===6||r===8){let i=X(e,n)*16+X(e,n+1),a=X(e,n+2)*16+X(e,n+3),o=X(e,n+4)*16+X(e,n+5);if(r===6)return Number.isNaN(i+a+o)?void 0:{r:i,g:a,b:o,format:t?`name`:`hex`};let s=X(e,n+6)*16+X(e,n+7);return Number.isNaN(i+a+o+s)?void 0:{r:i,g:a,b:o,a:s/255,format:t?`name`:`hex8`}}if(r===3||r===4){let i=X(e,n)*17,a=X(e,n+1)*17,o=X(e,n+2)*17;if(r===3)return Number.isNaN(i+a+o)?void 0:{r:i,g:a,b:o,format:t?`name`:`hex`};let s=X(e,n+3)*17;return Number.isNaN(i+a+o+s)?void 0:{r:i,g:a,b:o,a:s/255,format:t?`name`:`hex8`}}}function X(e,t){let n=e.charCodeAt(t);return n>=48&&n<=57?n-48:n>=97&&n<=102?n-87:n>=65&&n<=70?n-55:NaN}function Z(e){return typeof e==`number`?!Number.isNaN(e):e!==void 0&&Ws.CSS_UNIT.test(e)}var Js=class e{constructor(t=``,n={}){if(t instanceof e)return t;typeof t==`number`&&(t=Ps(t)),this.originalInput=t;let r=Is(t);this.originalInput=t,this.r=r.r,this.g=r.g,this.b=r.b,this.a=r.a,this.roundA=Math.round(100*this.a)/100,this.format=n.format??r.format,this.gradientType=n.gradientType,this.r<1&&(this.r=Math.round(this.r)),this.g<1&&(this.g=Math.round(this.g)),this.b<1&&(this.b=Math.round(this.b)),this.isValid=r.ok}isDark(e=128){return this.getBrightness()<e}isLight(e=128){return!this.isDark(e)}getBrightness(){let e=this.toRgb();return(e.r*299+e.g*587+e.b*114)/1e3}getLuminance(){let e=this.toRgb(),t,n,r,i=e.r/255,a=e.g/255,o=e.b/255;return t=i<=.03928?i/12.92:((i+.055)/1.055)**2.4,n=a<=.03928?a/12.92:((a+.055)/1.055)**2.4,r=o<=.03928?o/12.92:((o+.055)/1.055)**2.4,.2126*t+.7152*n+.0722*r}getAlpha(){return this.a}setAlpha(e){return this.a=ss(e),this.roundA=Math.round(100*this.a)/100,this}isMonochrome(){let{s:e}=this.toHsl();return e===0}toHsv(){let e=hs(this.r,this.g,this.b);return{h:e.h*360,s:e.s,v:e.v,a:this.a}}toHsvString(){let e=hs(this.r,this.g,this.b),t=Math.round(e.h*360),n=Math.round(e.s*100),r=Math.round(e.v*100);return this.a===1?`hsv(${t}, ${n}%, ${r}%)`:`hsva(${t}, ${n}%, ${r}%, ${this.roundA})`}toHsl(){let e=fs(this.r,this.g,this.b);return{h:e.h*360,s:e.s,l:e.l,a:this.a}}toHslString(){let e=fs(this.r,this.g,this.b),t=Math.round(e.h*360),n=Math.round(e.s*100),r=Math.round(e.l*100);return this.a===1?`hsl(${t}, ${n}%, ${r}%)`:`hsla(${t}, ${n}%, ${r}%, ${this.roundA})`}toOklch(){if(Xs(this.originalInput)){let e=Is(this.originalInput);if(e.oklch&&Ys(e.r)===this.r&&Ys(e.g)===this.g&&Ys(e.b)===this.b){let{l:t,c:n,h:r}=e.oklch;return{l:t,c:n,h:r,a:this.a}}}let{l:e,c:t,h:n}=ws(this.r,this.g,this.b);return{l:e,c:t,h:n,a:this.a}}toOklchString(){let{l:e,c:t,h:n}=this.toOklch();return`oklch(${Math.round(e*1e5)/1e3}% ${Math.round(t*1e5)/1e5} ${Math.round(n*1e3)/1e3%360}${this.a===1?``:` / ${this.roundA}`})`}toHex(e=!1){return bs(this.r,this.g,this.b,e)}toHexString(e=!1){return`#`+this.toHex(e)}toHex8(e=!1){return xs(this.r,this.g,this.b,this.a,e)}toHex8String(e=!1){return`#`+this.toHex8(e)}toHexShortString(e=!1){return this.a===1?this.toHexString(e):this.toHex8String(e)}toRgb(){return{r:Math.round(this.r),g:Math.round(this.g),b:Math.round(this.b),a:this.a}}toRgbString(){let e=Math.round(this.r),t=Math.round(this.g),n=Math.round(this.b);return this.a===1?`rgb(${e}, ${t}, ${n})`:`rgba(${e}, ${t}, ${n}, ${this.roundA})`}toPercentageRgb(){let e=e=>`${Math.round(Y(e,255)*100)}%`;return{r:e(this.r),g:e(this.g),b:e(this.b),a:this.a}}toRgbRatio(){return{r:this.r/255,g:this.g/255,b:this.b/255,a:this.a}}toPercentageRgbString(){let e=e=>Math.round(Y(e,255)*100);return this.a===1?`rgb(${e(this.r)}%, ${e(this.g)}%, ${e(this.b)}%)`:`rgba(${e(this.r)}%, ${e(this.g)}%, ${e(this.b)}%, ${this.roundA})`}toCmyk(){return{...Cs(this.r,this.g,this.b)}}toCmykString(){let{c:e,m:t,y:n,k:r}=Cs(this.r,this.g,this.b);return`cmyk(${e}, ${t}, ${n}, ${r})`}toName(){if(this.a===0)return`transparent`;if(this.a<1)return!1;let e=`#`+bs(this.r,this.g,this.b,!1),t=Fs;for(let n in t)if(Object.prototype.hasOwnProperty.call(t,n)&&t[n]===e)return n;return!1}toString(e){let t=!!e;e??=this.format;let n=!1,r=this.a<1&&this.a>=0;return!t&&r&&typeof e==`string`&&(e.startsWith(`hex`)||e===`name`)?e===`name`&&this.a===0?this.toName():this.toRgbString():(e===`rgb`&&(n=this.toRgbString()),e===`prgb`&&(n=this.toPercentageRgbString()),(e===`hex`||e===`hex6`)&&(n=this.toHexString()),e===`hex3`&&(n=this.toHexString(!0)),e===`hex4`&&(n=this.toHex8String(!0)),e===`hex8`&&(n=this.toHex8String()),e===`name`&&(n=this.toName()),e===`hsl`&&(n=this.toHslString()),e===`hsv`&&(n=this.toHsvString()),e===`oklch`&&(n=this.toOklchString()),e===`cmyk`&&(n=this.toCmykString()),n||this.toHexString())}toNumber(){return(Math.round(this.r)<<16)+(Math.round(this.g)<<8)+Math.round(this.b)}clone(){return new e(this.toString())}lighten(t=10){let n=this.toHsl();return n.l+=t/100,n.l=is(n.l),new e(n)}brighten(t=10){let n=this.toRgb();return n.r=Math.max(0,Math.min(255,n.r-Math.round(255*-(t/100)))),n.g=Math.max(0,Math.min(255,n.g-Math.round(255*-(t/100)))),n.b=Math.max(0,Math.min(255,n.b-Math.round(255*-(t/100)))),new e(n)}darken(t=10){let n=this.toHsl();return n.l-=t/100,n.l=is(n.l),new e(n)}tint(e=10){return this.mix(`white`,e)}shade(e=10){return this.mix(`black`,e)}desaturate(t=10){let n=this.toHsl();return n.s-=t/100,n.s=is(n.s),new e(n)}saturate(t=10){let n=this.toHsl();return n.s+=t/100,n.s=is(n.s),new e(n)}greyscale(){return this.desaturate(100)}spin(t){let n=this.toHsl(),r=(n.h+t)%360;return n.h=r<0?360+r:r,new e(n)}mix(t,n=50){let r=this.toRgb(),i=new e(t).toRgb(),a=n/100,o={r:(i.r-r.r)*a+r.r,g:(i.g-r.g)*a+r.g,b:(i.b-r.b)*a+r.b,a:(i.a-r.a)*a+r.a};return new e(o)}analogous(t=6,n=30){let r=this.toHsl(),i=360/n,a=[this];for(r.h=(r.h-(i*t>>1)+720)%360;--t;)r.h=(r.h+i)%360,a.push(new e(r));return a}complement(){let t=this.toHsl();return t.h=(t.h+180)%360,new e(t)}monochromatic(t=6){let n=this.toHsv(),{h:r}=n,{s:i}=n,{v:a}=n,o=[],s=1/t;for(;t--;)o.push(new e({h:r,s:i,v:a})),a=(a+s)%1;return o}splitcomplement(){let t=this.toHsl(),{h:n}=t;return[this,new e({h:(n+72)%360,s:t.s,l:t.l}),new e({h:(n+216)%360,s:t.s,l:t.l})]}onBackground(t){let n=this.toRgb(),r=new e(t).toRgb(),i=n.a+r.a*(1-n.a);return new e({r:(n.r*n.a+r.r*r.a*(1-n.a))/i,g:(n.g*n.a+r.g*r.a*(1-n.a))/i,b:(n.b*n.a+r.b*r.a*(1-n.a))/i,a:i})}triad(){return this.polyad(3)}tetrad(){return this.polyad(4)}polyad(t){let n=this.toHsl(),{h:r}=n,i=[this],a=360/t;for(let o=1;o<t;o++)i.push(new e({h:(r+o*a)%360,s:n.s,l:n.l}));return i}equals(t){let n=new e(t);return this.format===`cmyk`||n.format===`cmyk`?this.toCmykString()===n.toCmykString():this.toRgbString()===n.toRgbString()}};function Ys(e){return e<1?Math.round(e):e}function Xs(e){return typeof e==`string`?e.length>=11&&/^\s*oklch/i.test(e):typeof e==`object`&&`l`in e&&`c`in e&&`h`in e}function Zs(e,t=20){return e.mix(`#141414`,t).toString()}function Qs(e){let t=Ga(),n=a(`button`);return z(()=>{let r={},i=e.color;if(i){let a=i.match(/var\((.*?)\)/);a&&(i=window.getComputedStyle(window.document.documentElement).getPropertyValue(a[1]));let o=new Js(i),s=e.dark?o.tint(20).toString():Zs(o,20);if(e.plain)r=n.cssVarBlock({"bg-color":e.dark?Zs(o,90):o.tint(90).toString(),"text-color":i,"border-color":e.dark?Zs(o,50):o.tint(50).toString(),"hover-text-color":`var(${n.cssVarName(`color-white`)})`,"hover-bg-color":i,"hover-border-color":i,"active-bg-color":s,"active-text-color":`var(${n.cssVarName(`color-white`)})`,"active-border-color":s}),t.value&&(r[n.cssVarBlockName(`disabled-bg-color`)]=e.dark?Zs(o,90):o.tint(90).toString(),r[n.cssVarBlockName(`disabled-text-color`)]=e.dark?Zs(o,50):o.tint(50).toString(),r[n.cssVarBlockName(`disabled-border-color`)]=e.dark?Zs(o,80):o.tint(80).toString());else if(e.link||e.text){let a=e.dark?Zs(o,30):o.tint(30).toString();if(r=n.cssVarBlock({"text-color":i,"hover-text-color":a,"active-text-color":s}),e.link&&(r[n.cssVarBlockName(`hover-link-text-color`)]=a,r[n.cssVarBlockName(`active-color`)]=s),t.value){let t=e.dark?Zs(o,50):o.tint(50).toString();r[n.cssVarBlockName(`disabled-bg-color`)]=`transparent`,r[n.cssVarBlockName(`disabled-text-color`)]=t,r[n.cssVarBlockName(`disabled-border-color`)]=`transparent`}}else{let a=e.dark?Zs(o,30):o.tint(30).toString(),c=o.isDark()?`var(${n.cssVarName(`color-white`)})`:`var(${n.cssVarName(`color-black`)})`;if(r=n.cssVarBlock({"bg-color":i,"text-color":c,"border-color":i,"hover-bg-color":a,"hover-text-color":c,"hover-border-color":a,"active-bg-color":s,"active-border-color":s}),t.value){let t=e.dark?Zs(o,50):o.tint(50).toString();r[n.cssVarBlockName(`disabled-bg-color`)]=t,r[n.cssVarBlockName(`disabled-text-color`)]=e.dark?`rgba(255, 255, 255, 0.5)`:`var(${n.cssVarName(`color-white`)})`,r[n.cssVarBlockName(`disabled-border-color`)]=t}}}return r})}var $s=L({name:`ElButton`,__name:`button`,props:es,emits:ts,setup(e,{expose:t,emit:n}){let r=e,i=n,o=Qs(r),s=a(`button`),{_ref:c,_size:l,_type:u,_disabled:d,_props:f,_plain:p,_round:m,_text:h,_dashed:g,shouldAddSpace:_,handleClick:v}=rs(r,i),y=z(()=>[s.b(),s.m(u.value),s.m(l.value),s.is(`disabled`,d.value),s.is(`loading`,r.loading),s.is(`plain`,p.value),s.is(`round`,m.value),s.is(`circle`,r.circle),s.is(`text`,h.value),s.is(`dashed`,g.value),s.is(`link`,r.link),s.is(`has-bg`,r.bg)]);return t({ref:c,size:l,type:u,disabled:d,shouldAddSpace:_}),(t,n)=>(x(),W(S(e.tag),Be({ref_key:`_ref`,ref:c},U(f),{class:y.value,style:U(o),onClick:U(v)}),{default:N(()=>[e.loading?(x(),I(de,{key:0},[t.$slots.loading?B(t.$slots,`loading`,{key:0}):(x(),W(U(Ta),{key:1,class:H(U(s).is(`loading`))},{default:N(()=>[(x(),W(S(e.loadingIcon)))]),_:1},8,[`class`]))],64)):e.icon||t.$slots.icon?(x(),W(U(Ta),{key:1},{default:N(()=>[e.icon?(x(),W(S(e.icon),{key:0})):B(t.$slots,`icon`,{key:1})]),_:3})):Fe(`v-if`,!0),t.$slots.default?(x(),I(`span`,{key:2,class:H({[U(s).em(`text`,`expand`)]:U(_)})},[B(t.$slots,`default`)],2)):Fe(`v-if`,!0)]),_:3},16,[`class`,`style`,`onClick`]))}}),ec={size:es.size,type:es.type,direction:{type:P(String),values:[`horizontal`,`vertical`],default:`horizontal`}},tc=L({name:`ElButtonGroup`,__name:`button-group`,props:ec,setup(e){let t=e;Se(ns,h({size:T(t,`size`),type:T(t,`type`)}));let n=a(`button`);return(e,r)=>(x(),I(`div`,{class:H([U(n).b(`group`),U(n).bm(`group`,t.direction)])},[B(e.$slots,`default`)],2))}}),nc=oe($s,{ButtonGroup:tc});Ge(tc);var rc=M({type:{type:String,values:[`primary`,`success`,`info`,`warning`,`danger`],default:`primary`},closable:Boolean,disableTransitions:Boolean,hit:Boolean,color:String,size:{type:String,values:ee},effect:{type:String,values:[`dark`,`light`,`plain`],default:`light`},round:Boolean}),ic={close:e=>e instanceof MouseEvent,click:e=>e instanceof MouseEvent},ac=[`aria-label`],oc=[`aria-label`],sc=oe(L({name:`ElTag`,__name:`tag`,props:rc,emits:ic,setup(e,{emit:t}){let n=e,r=t,o=Wa(),{t:s}=i(),c=a(`tag`),l=z(()=>{let{type:e,hit:t,effect:r,closable:i,round:a}=n;return[c.b(),c.is(`closable`,i),c.m(e||`primary`),c.m(o.value),c.m(r),c.is(`hit`,t),c.is(`round`,a)]}),u=e=>{r(`close`,e)},d=e=>{r(`click`,e)},f=e=>{e?.component?.subTree?.component?.bum&&(e.component.subTree.component.bum=null)};return(t,n)=>e.disableTransitions?(x(),I(`span`,{key:0,class:H(l.value),style:ve({backgroundColor:e.color}),onClick:d},[F(`span`,{class:H(U(c).e(`content`))},[B(t.$slots,`default`)],2),e.closable?(x(),I(`button`,{key:0,"aria-label":U(s)(`el.tag.close`),class:H(U(c).e(`close`)),type:`button`,onClick:E(u,[`stop`])},[ue(U(Ta),null,{default:N(()=>[ue(U(ea))]),_:1})],10,ac)):Fe(`v-if`,!0)],6)):(x(),W(ne,{key:1,name:`${U(c).namespace.value}-zoom-in-center`,appear:``,onVnodeMounted:f},{default:N(()=>[F(`span`,{class:H(l.value),style:ve({backgroundColor:e.color}),onClick:d},[F(`span`,{class:H(U(c).e(`content`))},[B(t.$slots,`default`)],2),e.closable?(x(),I(`button`,{key:0,"aria-label":U(s)(`el.tag.close`),class:H(U(c).e(`close`)),type:`button`,onClick:E(u,[`stop`])},[ue(U(Ta),null,{default:N(()=>[ue(U(ea))]),_:1})],10,oc)):Fe(`v-if`,!0)],6)]),_:3},8,[`name`]))}})),cc=class extends Error{code;field;providerCode;errors;constructor(e){let t=e[0];super(t?.message??`request failed`),this.name=`ApiError`,this.errors=e,this.code=t?.extensions?.code??`INTERNAL`,this.field=t?.extensions?.field,this.providerCode=t?.extensions?.providerCode}},lc=`/graphql`;function uc(e){return e.some(e=>e.extensions?.code===`UNAUTHENTICATED`)}async function dc(e,...[t]){let n=je(),r={"content-type":`application/json`,accept:`application/graphql-response+json, application/json`};n&&(r.authorization=`Bearer ${n}`);let i;try{i=await fetch(lc,{method:`POST`,headers:r,body:JSON.stringify({query:e.toString(),variables:t??{}}),credentials:`omit`})}catch(e){throw new cc([{message:String(e),extensions:{code:`NETWORK`}}])}let a;try{a=await i.json()}catch{throw new cc([{message:`HTTP ${i.status}`,extensions:{code:`NETWORK`}}])}if(a.errors?.length)throw n&&uc(a.errors)&&ye(`unauthenticated`),new cc(a.errors);if(!a.data)throw new cc([{message:`HTTP ${i.status}: no data`,extensions:{code:`NETWORK`}}]);return a.data}var fc=null,pc=m(0),mc=m(!1);function hc(){let e=new URL(lc,window.location.href);return e.protocol=e.protocol===`https:`?`wss:`:`ws:`,e.toString()}function gc(){return fc||=Ye({url:hc(),lazy:!0,retryAttempts:1/0,shouldRetry:()=>je()!==null,connectionParams:()=>{let e=je();return e?{token:e}:{}},on:{connected:()=>{mc.value=!0,pc.value+=1},closed:e=>{mc.value=!1;let{code:t,reason:n}=e??{};(t===4401||t===4403||t===1002&&n?.includes(`UNAUTHENTICATED`))&&ye(`unauthenticated`)}}}),fc}function _c(e,t,n,r){return{unsubscribe:gc().subscribe({query:e.toString(),variables:t},{next:e=>{if(e.errors?.length){let t=e.errors;uc(t)&&ye(`unauthenticated`),r?.(new cc(t))}else e.data&&n(e.data)},error:e=>{Array.isArray(e)?r?.(new cc(e)):r?.(new cc([{message:String(e),extensions:{code:`NETWORK`}}]))},complete:()=>{}})}}ce(()=>{let e=fc;fc=null,mc.value=!1,e?.dispose()});var Q=class extends String{__apiType;value;__meta__;constructor(e,t){super(e),this.value=e,this.__meta__=t}toString(){return this.value}},vc=new Q(`
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}
    `,{fragmentName:`ProjectFields`}),yc=new Q(`
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
    `,{fragmentName:`OrderRow`}),bc=new Q(`
    fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`,{fragmentName:`OrderDetail`}),xc={"\n  mutation AdminLogin($username: String!, $password: String!) {\n    adminLogin(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n":new Q(`
    mutation AdminLogin($username: String!, $password: String!) {
  adminLogin(username: $username, password: $password) {
    token
    expiresAt
  }
}
    `),"\n  query Me {\n    me {\n      kind\n      adminId\n      username\n    }\n  }\n":new Q(`
    query Me {
  me {
    kind
    adminId
    username
  }
}
    `),"\n  fragment ProjectFields on Project {\n    id\n    name\n    disabled\n    callbackUrl\n    orderTtlSeconds\n    trustClientAmount\n    apiKeyPrefix\n    createdAt\n    updatedAt\n    wechat {\n      appId\n      mchId\n      hasApiKey\n      hasAppSecret\n    }\n    alipay {\n      appId\n      hasAppPrivateKey\n      hasAlipayPublicKey\n    }\n  }\n":vc,"\n  query Projects($first: Int, $after: String) {\n    projects(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...ProjectFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query Projects($first: Int, $after: String) {
  projects(first: $first, after: $after) {
    edges {
      cursor
      node {
        ...ProjectFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  query Project($id: ID!) {\n    project(id: $id) {\n      ...ProjectFields\n    }\n  }\n":new Q(`
    query Project($id: ID!) {
  project(id: $id) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      apiKey\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n":new Q(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    apiKey
    signingSecret
    project {
      ...ProjectFields
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n    updateProject(id: $id, input: $input) {\n      ...ProjectFields\n    }\n  }\n":new Q(`
    mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {
  updateProject(id: $id, input: $input) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  mutation DisableProject($id: ID!) {\n    disableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n":new Q(`
    mutation DisableProject($id: ID!) {
  disableProject(id: $id) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  mutation EnableProject($id: ID!) {\n    enableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n":new Q(`
    mutation EnableProject($id: ID!) {
  enableProject(id: $id) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  mutation RotateProjectKey($id: ID!) {\n    rotateProjectKey(id: $id) {\n      apiKey\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n":new Q(`
    mutation RotateProjectKey($id: ID!) {
  rotateProjectKey(id: $id) {
    apiKey
    project {
      ...ProjectFields
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  mutation RotateSigningSecret($id: ID!) {\n    rotateSigningSecret(id: $id) {\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n":new Q(`
    mutation RotateSigningSecret($id: ID!) {
  rotateSigningSecret(id: $id) {
    signingSecret
    project {
      ...ProjectFields
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  fragment OrderRow on Order {\n    id\n    projectId\n    orderNo\n    amount\n    paidAmount\n    refundedAmount\n    subject\n    channel\n    state\n    providerTradeNo\n    payer\n    attach\n    flagged\n    flagReason\n    callbackDelivered\n    createdAt\n    expiresAt\n    paidAt\n    closedAt\n  }\n":yc,"\n  query Orders($filter: OrderFilter, $first: Int, $after: String) {\n    orders(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...OrderRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query Orders($filter: OrderFilter, $first: Int, $after: String) {
  orders(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...OrderRow
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`),"\n  fragment OrderDetail on Order {\n    ...OrderRow\n    events {\n      id\n      kind\n      fromState\n      toState\n      detail\n      createdAt\n    }\n    refunds {\n      id\n      refundNo\n      amount\n      reason\n      state\n      providerRefundNo\n      failureReason\n      createdAt\n      succeededAt\n    }\n    callbackAttempts {\n      eventId\n      attempt\n      acknowledged\n      httpStatus\n      latencyMs\n      error\n      responseExcerpt\n      createdAt\n    }\n  }\n":bc,"\n  query Order($id: ID!, $refresh: Boolean) {\n    order(id: $id, refresh: $refresh) {\n      ...OrderDetail\n    }\n  }\n":new Q(`
    query Order($id: ID!, $refresh: Boolean) {
  order(id: $id, refresh: $refresh) {
    ...OrderDetail
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}`),"\n  mutation CloseOrder($id: ID!) {\n    closeOrder(id: $id) {\n      ...OrderDetail\n    }\n  }\n":new Q(`
    mutation CloseOrder($id: ID!) {
  closeOrder(id: $id) {
    ...OrderDetail
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}`),"\n  mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {\n    refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {\n      id\n      refundNo\n      amount\n      state\n      failureReason\n    }\n  }\n":new Q(`
    mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {
  refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {
    id
    refundNo
    amount
    state
    failureReason
  }
}
    `),"\n  mutation ResendCallback($orderId: ID!) {\n    resendCallback(orderId: $orderId) {\n      ...OrderDetail\n    }\n  }\n":new Q(`
    mutation ResendCallback($orderId: ID!) {
  resendCallback(orderId: $orderId) {
    ...OrderDetail
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}`),"\n  mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {\n    sandboxPay(orderId: $orderId, outcome: $outcome) {\n      ...OrderRow\n    }\n  }\n":new Q(`
    mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {
  sandboxPay(orderId: $orderId, outcome: $outcome) {
    ...OrderRow
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`),"\n  subscription OrderEvents($projectId: ID!) {\n    orderEvents(projectId: $projectId) {\n      orderId\n      projectId\n      kind\n      state\n      order {\n        ...OrderRow\n      }\n    }\n  }\n":new Q(`
    subscription OrderEvents($projectId: ID!) {
  orderEvents(projectId: $projectId) {
    orderId
    projectId
    kind
    state
    order {
      ...OrderRow
    }
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`),"\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order {\n        ...OrderRow\n      }\n    }\n  }\n":new Q(`
    mutation PayOrder($input: PayOrderInput!) {
  payOrder(input: $input) {
    order {
      ...OrderRow
    }
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`)};function $(e){return xc[e]??{}}var Sc=$(`
  mutation AdminLogin($username: String!, $password: String!) {
    adminLogin(username: $username, password: $password) {
      token
      expiresAt
    }
  }
`),Cc=$(`
  query Me {
    me {
      kind
      adminId
      username
    }
  }
`);$(`
  fragment ProjectFields on Project {
    id
    name
    disabled
    callbackUrl
    orderTtlSeconds
    trustClientAmount
    apiKeyPrefix
    createdAt
    updatedAt
    wechat {
      appId
      mchId
      hasApiKey
      hasAppSecret
    }
    alipay {
      appId
      hasAppPrivateKey
      hasAlipayPublicKey
    }
  }
`);var wc=$(`
  query Projects($first: Int, $after: String) {
    projects(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...ProjectFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`),Tc=$(`
  query Project($id: ID!) {
    project(id: $id) {
      ...ProjectFields
    }
  }
`),Ec=$(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      apiKey
      signingSecret
      project {
        ...ProjectFields
      }
    }
  }
`),Dc=$(`
  mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {
    updateProject(id: $id, input: $input) {
      ...ProjectFields
    }
  }
`),Oc=$(`
  mutation DisableProject($id: ID!) {
    disableProject(id: $id) {
      ...ProjectFields
    }
  }
`),kc=$(`
  mutation EnableProject($id: ID!) {
    enableProject(id: $id) {
      ...ProjectFields
    }
  }
`),Ac=$(`
  mutation RotateProjectKey($id: ID!) {
    rotateProjectKey(id: $id) {
      apiKey
      project {
        ...ProjectFields
      }
    }
  }
`),jc=$(`
  mutation RotateSigningSecret($id: ID!) {
    rotateSigningSecret(id: $id) {
      signingSecret
      project {
        ...ProjectFields
      }
    }
  }
`);$(`
  fragment OrderRow on Order {
    id
    projectId
    orderNo
    amount
    paidAmount
    refundedAmount
    subject
    channel
    state
    providerTradeNo
    payer
    attach
    flagged
    flagReason
    callbackDelivered
    createdAt
    expiresAt
    paidAt
    closedAt
  }
`);var Mc=$(`
  query Orders($filter: OrderFilter, $first: Int, $after: String) {
    orders(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...OrderRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);$(`
  fragment OrderDetail on Order {
    ...OrderRow
    events {
      id
      kind
      fromState
      toState
      detail
      createdAt
    }
    refunds {
      id
      refundNo
      amount
      reason
      state
      providerRefundNo
      failureReason
      createdAt
      succeededAt
    }
    callbackAttempts {
      eventId
      attempt
      acknowledged
      httpStatus
      latencyMs
      error
      responseExcerpt
      createdAt
    }
  }
`);var Nc=$(`
  query Order($id: ID!, $refresh: Boolean) {
    order(id: $id, refresh: $refresh) {
      ...OrderDetail
    }
  }
`),Pc=$(`
  mutation CloseOrder($id: ID!) {
    closeOrder(id: $id) {
      ...OrderDetail
    }
  }
`),Fc=$(`
  mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {
    refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {
      id
      refundNo
      amount
      state
      failureReason
    }
  }
`),Ic=$(`
  mutation ResendCallback($orderId: ID!) {
    resendCallback(orderId: $orderId) {
      ...OrderDetail
    }
  }
`),Lc=$(`
  mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {
    sandboxPay(orderId: $orderId, outcome: $outcome) {
      ...OrderRow
    }
  }
`),Rc=$(`
  subscription OrderEvents($projectId: ID!) {
    orderEvents(projectId: $projectId) {
      orderId
      projectId
      kind
      state
      order {
        ...OrderRow
      }
    }
  }
`),zc=$(`
  mutation PayOrder($input: PayOrderInput!) {
    payOrder(input: $input) {
      order {
        ...OrderRow
      }
    }
  }
`),Bc=(e,t)=>{let n=e.__vccOpts||e;for(let[e,r]of t)n[e]=r;return n};export{qi as $,Dt as $t,Qo as A,hn as At,Wa as B,Qt as Bt,mc as C,Ri as Ct,nc as D,xi as Dt,rc as E,Si as Et,Ya as F,rn as Ft,xa as G,Ut as Gt,Ua as H,Yt as Ht,Ja as I,sn as It,ya as J,It as Jt,Sa as K,Rt as Kt,Ka as L,on as Lt,Do as M,fn as Mt,To as N,ln as Nt,Js as O,Fn as Ot,ro as P,cn as Pt,Ki as Q,At as Qt,qa as R,nn as Rt,_c as S,zi as St,sc as T,Ii as Tt,Ta as U,Jt as Ut,Ha as V,Zt as Vt,ba as W,Xt as Wt,Wi as X,Ht as Xt,Ui as Y,Vt as Yt,Gi as Z,Pt as Zt,jc as _,ga as _t,Oc as a,_t as an,na as at,cc as b,Hi as bt,Rc as c,Qe as cn,oa as ct,zc as d,Xe as dn,la as dt,Tt as en,Ji as et,Tc as f,ua as ft,Ac as g,ha as gt,Ic as h,pa as ht,Ec as i,yt as in,ta as it,Ro as j,dn as jt,$o as k,mn as kt,Nc as l,$e as ln,sa as lt,Fc as m,fa as mt,Sc as n,Ct as nn,Qi as nt,kc as o,ut as on,ra as ot,wc as p,da as pt,Ca as q,K as qt,Pc as r,St as rn,$i as rt,Cc as s,lt as sn,ia as st,Bc as t,wt as tn,Yi as tt,Mc as u,Ze as un,ca as ut,Lc as v,_a as vt,pc as w,Li as wt,dc as x,Bi as xt,Dc as y,va as yt,Ga as z,an as zt};