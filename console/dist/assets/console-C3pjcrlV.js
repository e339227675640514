const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/LoginView-BfvTH4cp.js","assets/preload-helper-CrNURKeC.js","assets/form--IXOI96y.js","assets/_plugin-vue_export-helper-1tdhU4D-.js","assets/errors-BrQjCDaB.js","assets/card-7TX2LwDv.js","assets/input-D_bxDk4w.js","assets/LocaleSwitch-CRQnqSl1.js","assets/select-CZPOLwb2.js","assets/LocaleSwitch-BZs6RqCH.css","assets/LoginView-CCNfAKGj.css","assets/AppLayout-DrYaz5EN.js","assets/collapse-transition-ChkHhZUN.js","assets/me-C3QplgjS.js","assets/AppLayout-fH0hrFK7.css","assets/DashboardView-ChP9OR-d.js","assets/col-DufZiRNZ.js","assets/date-picker-CO3h6Xsb.js","assets/repeat-click-CZ3kzHRJ.js","assets/TimeText-CvNVrUbb.js","assets/TimeText-D3uawQZt.css","assets/radio-D5Is0pxe.js","assets/directive-jVHbnCeN.js","assets/tslib.es6-DtzkAWYk.js","assets/projects-BwureBuH.js","assets/live-BUIrZsnm.js","assets/money-BzO0qITU.js","assets/StateTag-D2ysJl0-.js","assets/DashboardView-BCf2gKll.css","assets/OrdersView-CJ9B3iEl.js","assets/enums-CDcEagfJ.js","assets/OrdersView-D3wfezLf.css","assets/RefundsView-Bg_xo_Wl.js","assets/PagerBar-BwPRx-kd.js","assets/PagerBar-P_rtFTyT.css","assets/RefundsView-DmihWQKV.css","assets/CallbacksView-DjK2GM76.js","assets/CallbacksView-XKaaMCjH.css","assets/ReconciliationView-Blvt2WGN.js","assets/dialog-BcATcMjI.js","assets/reconciliation-C4Piu8ZK.js","assets/ReconciliationView-B343Ir-Q.css","assets/ReconciliationReportView-C99tWf6f.js","assets/descriptions-Nkctw6S1.js","assets/ReconciliationReportView-pYItepr5.css","assets/AdminsView-BtcniuZb.js","assets/message-box-BnUNPyOd.js","assets/validator-Wfr5Wk0z.js","assets/AdminsView-BP1olPxe.css","assets/AuditLogView-KCn5mPsU.js","assets/AuditLogView-BVc0BxnU.css","assets/OrderDetailView-BjbFXKJt.js","assets/OrderDetailView-DHDY_mVJ.css","assets/ProjectsView-DZ7p2DxE.js","assets/SecretDialog-D7HrgZ_-.js","assets/SecretDialog-BPZKVmFo.css","assets/ProjectsView-Dlqb6vqD.css","assets/ProjectDetailView-mvoBLIoV.js","assets/ProjectDetailView-D-qjm_bd.css","assets/SandboxView-CknUIZYI.js","assets/SandboxView-DopsM_Bi.css"])))=>i.map(i=>d[i]);
import"./modulepreload-polyfill-P2Xu9kJm.js";import{i as e,n as t,t as n}from"./preload-helper-CrNURKeC.js";function r(e){let t=Object.create(null);for(let n of e.split(`,`))t[n]=1;return e=>e in t}var i={},a=[],o=()=>{},s=()=>!1,c=e=>e.charCodeAt(0)===111&&e.charCodeAt(1)===110&&(e.charCodeAt(2)>122||e.charCodeAt(2)<97),l=e=>e.startsWith(`onUpdate:`),u=Object.assign,d=(e,t)=>{let n=e.indexOf(t);n>-1&&e.splice(n,1)},f=Object.prototype.hasOwnProperty,p=(e,t)=>f.call(e,t),m=Array.isArray,h=e=>T(e)===`[object Map]`,g=e=>T(e)===`[object Set]`,_=e=>T(e)===`[object Date]`,v=e=>T(e)===`[object RegExp]`,y=e=>typeof e==`function`,b=e=>typeof e==`string`,x=e=>typeof e==`symbol`,S=e=>typeof e==`object`&&!!e,C=e=>(S(e)||y(e))&&y(e.then)&&y(e.catch),w=Object.prototype.toString,T=e=>w.call(e),E=e=>T(e).slice(8,-1),D=e=>T(e)===`[object Object]`,O=e=>b(e)&&e!==`NaN`&&e[0]!==`-`&&``+parseInt(e,10)===e,ee=r(`,key,ref,ref_for,ref_key,onVnodeBeforeMount,onVnodeMounted,onVnodeBeforeUpdate,onVnodeUpdated,onVnodeBeforeUnmount,onVnodeUnmounted`),te=e=>{let t=Object.create(null);return(n=>t[n]||(t[n]=e(n)))},ne=/-\w/g,k=te(e=>e.replace(ne,e=>e.slice(1).toUpperCase())),re=/\B([A-Z])/g,A=te(e=>e.replace(re,`-$1`).toLowerCase()),j=te(e=>e.charAt(0).toUpperCase()+e.slice(1)),ie=te(e=>e?`on${j(e)}`:``),M=(e,t)=>!Object.is(e,t),ae=(e,...t)=>{for(let n=0;n<e.length;n++)e[n](...t)},oe=(e,t,n,r=!1)=>{Object.defineProperty(e,t,{configurable:!0,enumerable:!1,writable:r,value:n})},se=e=>{let t=parseFloat(e);return isNaN(t)?e:t},ce=e=>{let t=b(e)?Number(e):NaN;return isNaN(t)?e:t},le,N=()=>le||=typeof globalThis<`u`?globalThis:typeof self<`u`?self:typeof window<`u`?window:typeof global<`u`?global:{},ue=r(`Infinity,undefined,NaN,isFinite,isNaN,parseFloat,parseInt,decodeURI,decodeURIComponent,encodeURI,encodeURIComponent,Math,Number,Date,Array,Object,Boolean,String,RegExp,Map,Set,JSON,Intl,BigInt,console,Error,Symbol`);function de(e){if(m(e)){let t={};for(let n=0;n<e.length;n++){let r=e[n],i=b(r)?he(r):de(r);if(i)for(let e in i)t[e]=i[e]}return t}if(b(e)||S(e))return e}var fe=/;(?![^(]*\))/g,pe=/:([^]+)/,me=/"(?:[^"\\]|\\[^])*"|'(?:[^'\\]|\\[^])*'|\\[^]|\/\*[^]*?\*\//g;function he(e){let t={};return e.replace(me,e=>e.startsWith(`/*`)?``:e).split(fe).forEach(e=>{if(e){let n=e.split(pe);n.length>1&&(t[n[0].trim()]=n[1].trim())}}),t}function ge(e){let t=``;if(b(e))t=e;else if(m(e))for(let n=0;n<e.length;n++){let r=ge(e[n]);r&&(t+=r+` `)}else if(S(e))for(let n in e)e[n]&&(t+=n+` `);return t.trim()}function _e(e){if(!e)return null;let{class:t,style:n}=e;return t&&!b(t)&&(e.class=ge(t)),n&&(e.style=de(n)),e}var ve=`itemscope,allowfullscreen,disablepictureinpicture,disableremoteplayback,formnovalidate,ismap,nomodule,novalidate,playsinline,readonly`,ye=r(ve);ve+``;function be(e){return!!e||e===``}function xe(e,t,n){if(e.length!==t.length)return!1;let r=!0;for(let i=0;r&&i<e.length;i++)r=Te(e[i],t[i],n);return r}function Se(e,t,n){if(e.size!==t.size)return!1;let r=Array.from(t),i=new Uint8Array(r.length);for(let t of e){let e=-1;for(let a=0;a<r.length;a++)if(!i[a]&&Te(t,r[a],n)){e=a;break}if(e<0)return!1;i[e]=1}return!0}function Ce(e,t,n){let r=h(e),i=h(t);if(r||i||(r=g(e),i=g(t),r||i))return r&&i?Se(e,t,n):!1;if(Object.keys(e).length!==Object.keys(t).length)return!1;for(let r in e){let i=e.hasOwnProperty(r),a=t.hasOwnProperty(r);if(i&&!a||!i&&a||!Te(e[r],t[r],n))return!1}return String(e)===String(t)}function we(e,t,n,r){n||=[new Map,new Map];let[i,a]=n;if(i.has(e)||a.has(t))return i.get(e)===t&&a.get(t)===e;i.set(e,t),a.set(t,e);let o=r(e,t,n);return i.delete(e),a.delete(t),o}function Te(e,t,n){if(e===t)return!0;let r=_(e),i=_(t);return r||i?r&&i?e.getTime()===t.getTime():!1:(r=x(e),i=x(t),r||i?e===t:(r=m(e),i=m(t),r||i?r&&i?we(e,t,n,xe):!1:(r=S(e),i=S(t),r||i?!r||!i?!1:we(e,t,n,Ce):String(e)===String(t))))}function Ee(e,t){return e.findIndex(e=>Te(e,t))}var De=e=>!!(e&&e.__v_isRef===!0),Oe=e=>b(e)?e:e==null?``:m(e)||S(e)&&(e.toString===w||!y(e.toString))?De(e)?Oe(e.value):JSON.stringify(e,ke,2):String(e),ke=(e,t)=>De(t)?ke(e,t.value):h(t)?{[`Map(${t.size})`]:[...t.entries()].reduce((e,[t,n],r)=>(e[Ae(t,r)+` =>`]=n,e),{})}:g(t)?{[`Set(${t.size})`]:[...t.values()].map(e=>Ae(e))}:x(t)?Ae(t):S(t)&&!m(t)&&!D(t)?String(t):t,Ae=(e,t=``)=>x(e)?`Symbol(${e.description??t})`:e;function je(e){return e==null?`initial`:typeof e==`string`?e===``?` `:e:String(e)}var Me,Ne=class{constructor(e=!1){this.detached=e,this._active=!0,this._on=0,this.effects=[],this.cleanups=[],this._isPaused=!1,this._warnOnRun=!0,this.__v_skip=!0,!e&&Me&&(Me.active?(this.parent=Me,this.index=(Me.scopes||(Me.scopes=[])).push(this)-1):(this._active=!1,this._warnOnRun=!1))}get active(){return this._active}pause(){if(this._active){this._isPaused=!0;let e,t;if(this.scopes){let n=this.scopes.slice();for(e=0,t=n.length;e<t;e++)n[e].pause()}for(e=0,t=this.effects.length;e<t;e++)this.effects[e].pause()}}resume(){if(this._active&&this._isPaused){this._isPaused=!1;let e,t;if(this.scopes){let n=this.scopes.slice();for(e=0,t=n.length;e<t;e++)n[e].resume()}let n=this.effects.slice();for(e=0,t=n.length;e<t;e++)n[e].resume()}}run(e){if(this._active){let t=Me;try{return Me=this,e()}finally{Me=t}}}on(){++this._on===1&&(this.prevScope=Me,Me=this)}off(){if(this._on>0&&--this._on===0){if(Me===this)Me=this.prevScope;else{let e=Me;for(;e;){if(e.prevScope===this){e.prevScope=this.prevScope;break}e=e.prevScope}}this.prevScope=void 0}}stop(e){if(this._active){this._active=!1;let t,n;for(t=0,n=this.effects.length;t<n;t++)this.effects[t].stop();for(this.effects.length=0,t=0,n=this.cleanups.length;t<n;t++)this.cleanups[t]();if(this.cleanups.length=0,this.scopes){let e=this.scopes.slice();for(t=0,n=e.length;t<n;t++)e[t].stop(!0);this.scopes.length=0}if(!this.detached&&this.parent&&!e){let e=this.parent.scopes.pop();e&&e!==this&&(this.parent.scopes[this.index]=e,e.index=this.index)}this.parent=void 0}}};function Pe(e){return new Ne(e)}function Fe(){return Me}function Ie(e,t=!1){Me&&(Me.active?Me.cleanups.push(e):e())}var P,Le=new WeakSet,Re=class{constructor(e){this.fn=e,this.deps=void 0,this.depsTail=void 0,this.flags=5,this.next=void 0,this.cleanup=void 0,this.scheduler=void 0,Me&&(Me.active?Me.effects.push(this):this.flags&=-2)}pause(){this.flags|=64}resume(){this.flags&64&&(this.flags&=-65,Le.has(this)&&(Le.delete(this),this.trigger()))}notify(){this.flags&2&&!(this.flags&32)||this.flags&8||He(this)}run(){if(!(this.flags&1))return this.fn();this.flags|=2,rt(this),Ge(this);let e=P,t=$e;P=this,$e=!0;try{return this.fn()}finally{Ke(this),P=e,$e=t,this.flags&=-3}}stop(){if(this.flags&1){for(let e=this.deps;e;e=e.nextDep)Ye(e);this.deps=this.depsTail=void 0,rt(this),this.onStop&&this.onStop(),this.flags&=-2}}trigger(){this.flags&64?Le.add(this):this.scheduler?this.scheduler():this.runIfDirty()}runIfDirty(){qe(this)&&this.run()}get dirty(){return qe(this)}},ze=0,Be,Ve;function He(e,t=!1){e.flags|=8,t?(e.next=Ve,Ve=e):(e.next=Be,Be=e)}function Ue(){ze++}function We(){if(--ze>0)return;if(Ve){let e=Ve;for(Ve=void 0;e;){let t=e.next;e.next=void 0,e.flags&=-9,e=t}}let e;for(;Be;){let t=Be;for(Be=void 0;t;){let n=t.next;if(t.next=void 0,t.flags&=-9,t.flags&1)try{t.trigger()}catch(t){e||=t}t=n}}if(e)throw e}function Ge(e){for(let t=e.deps;t;t=t.nextDep)t.version=-1,t.prevActiveLink=t.dep.activeLink,t.dep.activeLink=t}function Ke(e){let t,n=e.depsTail,r=n;for(;r;){let e=r.prevDep;r.version===-1?(r===n&&(n=e),Ye(r),Xe(r)):t=r,r.dep.activeLink=r.prevActiveLink,r.prevActiveLink=void 0,r=e}e.deps=t,e.depsTail=n}function qe(e){for(let t=e.deps;t;t=t.nextDep)if(t.dep.version!==t.version||t.dep.computed&&(Je(t.dep.computed)||t.dep.version!==t.version))return!0;return!!e._dirty}function Je(e){if(e.flags&4&&!(e.flags&16)||(e.flags&=-17,e.globalVersion===it)||(e.globalVersion=it,!e.isSSR&&e.flags&128&&(!e.deps&&!e._dirty||!qe(e))))return;e.flags|=2;let t=e.dep,n=P,r=$e;P=e,$e=!0;try{Ge(e);let n=e.fn(e._value);(t.version===0||M(n,e._value))&&(e.flags|=128,e._value=n,t.version++)}catch(e){throw t.version++,e}finally{P=n,$e=r,Ke(e),e.flags&=-3}}function Ye(e,t=!1){let{dep:n,prevSub:r,nextSub:i}=e;if(r&&(r.nextSub=i,e.prevSub=void 0),i&&(i.prevSub=r,e.nextSub=void 0),n.subs===e&&(n.subs=r,!r&&n.computed)){n.computed.flags&=-5;for(let e=n.computed.deps;e;e=e.nextDep)Ye(e,!0)}!t&&!--n.sc&&n.map&&n.map.delete(n.key)}function Xe(e){let{prevDep:t,nextDep:n}=e;t&&(t.nextDep=n,e.prevDep=void 0),n&&(n.prevDep=t,e.nextDep=void 0)}function Ze(e,t){e.effect instanceof Re&&(e=e.effect.fn);let n=new Re(e);t&&u(n,t);try{n.run()}catch(e){throw n.stop(),e}let r=n.run.bind(n);return r.effect=n,r}function Qe(e){e.effect.stop()}var $e=!0,et=[];function tt(){et.push($e),$e=!1}function nt(){let e=et.pop();$e=e===void 0||e}function rt(e){let{cleanup:t}=e;if(e.cleanup=void 0,t){let e=P;P=void 0;try{t()}finally{P=e}}}var it=0,at=class{constructor(e,t){this.sub=e,this.dep=t,this.version=t.version,this.nextDep=this.prevDep=this.nextSub=this.prevSub=this.prevActiveLink=void 0}},ot=class{constructor(e){this.computed=e,this.version=0,this.activeLink=void 0,this.subs=void 0,this.map=void 0,this.key=void 0,this.sc=0,this.__v_skip=!0}track(e){if(!P||!$e||P===this.computed)return;let t=this.activeLink;if(t===void 0||t.sub!==P)t=this.activeLink=new at(P,this),P.deps?(t.prevDep=P.depsTail,P.depsTail.nextDep=t,P.depsTail=t):P.deps=P.depsTail=t,st(t);else if(t.version===-1&&(t.version=this.version,t.nextDep)){let e=t.nextDep;e.prevDep=t.prevDep,t.prevDep&&(t.prevDep.nextDep=e),t.prevDep=P.depsTail,t.nextDep=void 0,P.depsTail.nextDep=t,P.depsTail=t,P.deps===t&&(P.deps=e)}return t}trigger(e){this.version++,it++,this.notify(e)}notify(e){Ue();try{for(let e=this.subs;e;e=e.prevSub)e.sub.notify()&&e.sub.dep.notify()}finally{We()}}};function st(e){if(e.dep.sc++,e.sub.flags&4){let t=e.dep.computed;if(t&&!e.dep.subs){t.flags|=20;for(let e=t.deps;e;e=e.nextDep)st(e)}let n=e.dep.subs;n!==e&&(e.prevSub=n,n&&(n.nextSub=e)),e.dep.subs=e}}var ct=new WeakMap,lt=Symbol(``),ut=Symbol(``),dt=Symbol(``);function ft(e,t,n){if($e&&P){let t=ct.get(e);t||ct.set(e,t=new Map);let r=t.get(n);r||(t.set(n,r=new ot),r.map=t,r.key=n),r.track()}}function pt(e,t,n,r,i,a){let o=ct.get(e);if(!o){it++;return}let s=e=>{e&&e.trigger()};if(Ue(),t===`clear`)o.forEach(s);else{let i=m(e),a=i&&O(n);if(i&&n===`length`){let e=Number(r);o.forEach((t,n)=>{(n===`length`||n===dt||!x(n)&&n>=e)&&s(t)})}else switch((n!==void 0||o.has(void 0))&&s(o.get(n)),a&&s(o.get(dt)),t){case`add`:i?a&&s(o.get(`length`)):(s(o.get(lt)),h(e)&&s(o.get(ut)));break;case`delete`:i||(s(o.get(lt)),h(e)&&s(o.get(ut)));break;case`set`:h(e)&&s(o.get(lt))}}We()}function mt(e,t){let n=ct.get(e);return n&&n.get(t)}function ht(e){let t=F(e);return t===e||(ft(t,`iterate`,dt),an(e))?t:rn(e)?nn(e)?t.map(e=>ln(cn(e))):t.map(ln):t.map(cn)}function gt(e){return ft(e=F(e),`iterate`,dt),e}function _t(e,t){return rn(e)?ln(nn(e)?cn(t):t):cn(t)}var vt={__proto__:null,[Symbol.iterator](){return yt(this,Symbol.iterator,e=>_t(this,e))},concat(...e){return ht(this).concat(...e.map(e=>m(e)?ht(e):e))},entries(){return yt(this,`entries`,e=>(e[1]=_t(this,e[1]),e))},every(e,t){return St(this,`every`,e,t,void 0,arguments)},filter(e,t){return St(this,`filter`,e,t,e=>e.map(e=>_t(this,e)),arguments)},find(e,t){return St(this,`find`,e,t,e=>_t(this,e),arguments)},findIndex(e,t){return St(this,`findIndex`,e,t,void 0,arguments)},findLast(e,t){return St(this,`findLast`,e,t,e=>_t(this,e),arguments)},findLastIndex(e,t){return St(this,`findLastIndex`,e,t,void 0,arguments)},forEach(e,t){return St(this,`forEach`,e,t,void 0,arguments)},includes(...e){return wt(this,`includes`,e)},indexOf(...e){return wt(this,`indexOf`,e)},join(e){return ht(this).join(e)},lastIndexOf(...e){return wt(this,`lastIndexOf`,e)},map(e,t){return St(this,`map`,e,t,void 0,arguments)},pop(){return Tt(this,`pop`)},push(...e){return Tt(this,`push`,e)},reduce(e,...t){return Ct(this,`reduce`,e,t)},reduceRight(e,...t){return Ct(this,`reduceRight`,e,t)},shift(){return Tt(this,`shift`)},some(e,t){return St(this,`some`,e,t,void 0,arguments)},splice(...e){return Tt(this,`splice`,e)},toReversed(){return ht(this).toReversed()},toSorted(e){return ht(this).toSorted(e)},toSpliced(...e){return ht(this).toSpliced(...e)},unshift(...e){return Tt(this,`unshift`,e)},values(){return yt(this,`values`,e=>_t(this,e))}};function yt(e,t,n){let r=gt(e),i=r[t],a=i.call(r);if(r!==e&&!an(e)){if(a[Symbol.toStringTag]===`Array Iterator`){let e=Object.create(Object.getPrototypeOf(a));return e.next=()=>bt(a.next(),n),i!==xt[t]&&Object.defineProperties(e,{return:{get(){let e=a.return;return typeof e==`function`?e.bind(a):e}},throw:{get(){let e=a.throw;return typeof e==`function`?e.bind(a):e}}}),e}a._next=a.next,a.next=()=>bt(a._next(),n)}return a}function bt(e,t){return e.done||(e.value=t(e.value)),e}var xt=Array.prototype;function St(e,t,n,r,i,a){let o=gt(e),s=o!==e&&!an(e),c=o[t];if(c!==xt[t]){let t=c.apply(e,a);return s?cn(t):t}let l=n;o!==e&&(s?l=function(t,r){return n.call(this,_t(e,t),r,e)}:n.length>2&&(l=function(t,r){return n.call(this,t,r,e)}));let u=c.call(o,l,r);return s&&i?i(u):u}function Ct(e,t,n,r){let i=gt(e),a=i!==e&&!an(e),o=n,s=!1;i!==e&&(a?(s=r.length===0,o=function(t,r,i){return s&&(s=!1,t=_t(e,t)),n.call(this,t,_t(e,r),i,e)}):n.length>3&&(o=function(t,r,i){return n.call(this,t,r,i,e)}));let c=i[t](o,...r);return s?_t(e,c):c}function wt(e,t,n){let r=F(e);ft(r,`iterate`,dt);let i=r[t](...n);return(i===-1||i===!1)&&on(n[0])?(n[0]=F(n[0]),r[t](...n)):i}function Tt(e,t,n=[]){tt(),Ue();let r=F(e)[t].apply(e,n);return We(),nt(),r}var Et=r(`__proto__,__v_isRef,__isVue`),Dt=new Set(Object.getOwnPropertyNames(Symbol).filter(e=>e!==`arguments`&&e!==`caller`).map(e=>Symbol[e]).filter(x));function Ot(e){x(e)||(e=String(e));let t=F(this);return ft(t,`has`,e),t.hasOwnProperty(e)}var kt=class{constructor(e=!1,t=!1){this._isReadonly=e,this._isShallow=t}get(e,t,n){if(t===`__v_skip`)return e.__v_skip;let r=this._isReadonly,i=this._isShallow;if(t===`__v_isReactive`)return!r;if(t===`__v_isReadonly`)return r;if(t===`__v_isShallow`)return i;if(t===`__v_raw`)return n===(r?i?Yt:Jt:i?qt:Kt).get(e)||Object.getPrototypeOf(e)===Object.getPrototypeOf(n)?e:void 0;let a=m(e);if(!r){let e;if(a&&(e=vt[t]))return e;if(t===`hasOwnProperty`)return Ot}let o=Reflect.get(e,t,I(e)?e:n);if((x(t)?Dt.has(t):Et(t))||(r||ft(e,`get`,t),i))return o;if(I(o)){let e=a&&O(t)?o:o.value;return r&&S(e)?$t(e):e}return S(o)?r?$t(o):Zt(o):o}},At=class extends kt{constructor(e=!1){super(!1,e)}set(e,t,n,r){let i=e[t],a=m(e)&&O(t);if(!this._isShallow){let e=rn(i);if(!an(n)&&!rn(n)&&(i=F(i),n=F(n)),!a&&I(i)&&!I(n))return e||(i.value=n),!0}let o=a?Number(t)<e.length:p(e,t),s=Reflect.set(e,t,n,I(e)?e:r);return e===F(r)&&s&&(o?M(n,i)&&pt(e,`set`,t,n,i):pt(e,`add`,t,n)),s}deleteProperty(e,t){let n=p(e,t),r=e[t],i=Reflect.deleteProperty(e,t);return i&&n&&pt(e,`delete`,t,void 0,r),i}has(e,t){let n=Reflect.has(e,t);return x(t)&&Dt.has(t)||ft(e,`has`,t),n}ownKeys(e){return ft(e,`iterate`,m(e)?`length`:lt),Reflect.ownKeys(e)}},jt=class extends kt{constructor(e=!1){super(!0,e)}set(e,t){return!0}deleteProperty(e,t){return!0}},Mt=new At,Nt=new jt,Pt=new At(!0),Ft=new jt(!0),It=e=>e,Lt=e=>Reflect.getPrototypeOf(e);function Rt(e,t,n){return function(...r){let i=this.__v_raw,a=F(i),o=h(a),s=e===`entries`||e===Symbol.iterator&&o,c=e===`keys`&&o,l=i[e](...r),d=n?It:t?ln:cn;return!t&&ft(a,`iterate`,c?ut:lt),u(Object.create(l),{next(){let{value:e,done:t}=l.next();return t?{value:e,done:t}:{value:s?[d(e[0]),d(e[1])]:d(e),done:t}}})}}function zt(e){return function(...t){return e===`delete`?!1:e===`clear`?void 0:this}}function Bt(e,t){let n={get(n){let r=this.__v_raw,i=F(r),a=F(n);e||(M(n,a)&&ft(i,`get`,n),ft(i,`get`,a));let{has:o}=Lt(i),s=t?It:e?ln:cn;if(o.call(i,n))return s(r.get(n));if(o.call(i,a))return s(r.get(a));r!==i&&r.get(n)},get size(){let t=this.__v_raw;return!e&&ft(F(t),`iterate`,lt),t.size},has(t){let n=this.__v_raw,r=F(n),i=F(t);return e||(M(t,i)&&ft(r,`has`,t),ft(r,`has`,i)),t===i?n.has(t):n.has(t)||n.has(i)},forEach(n,r){let i=this,a=i.__v_raw,o=F(a),s=t?It:e?ln:cn;return!e&&ft(o,`iterate`,lt),a.forEach((e,t)=>n.call(r,s(e),s(t),i))}};return u(n,e?{add:zt(`add`),set:zt(`set`),delete:zt(`delete`),clear:zt(`clear`)}:{add(e){let n=F(this),r=Lt(n),i=F(e),a=!t&&!an(e)&&!rn(e)?i:e;return r.has.call(n,a)||M(e,a)&&r.has.call(n,e)||M(i,a)&&r.has.call(n,i)||(n.add(a),pt(n,`add`,a,a)),this},set(e,n){t||an(n)||rn(n)||(n=F(n));let r=F(this),{has:i,get:a}=Lt(r),o=i.call(r,e);o||=(e=F(e),i.call(r,e));let s=a.call(r,e);return r.set(e,n),o?M(n,s)&&pt(r,`set`,e,n,s):pt(r,`add`,e,n),this},delete(e){let t=F(this),{has:n,get:r}=Lt(t),i=n.call(t,e);i||=(e=F(e),n.call(t,e));let a=r?r.call(t,e):void 0,o=t.delete(e);return i&&pt(t,`delete`,e,void 0,a),o},clear(){let e=F(this),t=e.size!==0,n=e.clear();return t&&pt(e,`clear`,void 0,void 0,void 0),n}}),[`keys`,`values`,`entries`,Symbol.iterator].forEach(r=>{n[r]=Rt(r,e,t)}),n}function Vt(e,t){let n=Bt(e,t);return(r,i,a)=>i===`__v_isReactive`?!e:i===`__v_isReadonly`?e:i===`__v_isShallow`?t:i===`__v_raw`?r:Reflect.get(p(n,i)&&i in r?n:r,i,a)}var Ht={get:Vt(!1,!1)},Ut={get:Vt(!1,!0)},Wt={get:Vt(!0,!1)},Gt={get:Vt(!0,!0)},Kt=new WeakMap,qt=new WeakMap,Jt=new WeakMap,Yt=new WeakMap;function Xt(e){switch(e){case`Object`:case`Array`:return 1;case`Map`:case`Set`:case`WeakMap`:case`WeakSet`:return 2;default:return 0}}function Zt(e){return rn(e)?e:tn(e,!1,Mt,Ht,Kt)}function Qt(e){return tn(e,!1,Pt,Ut,qt)}function $t(e){return tn(e,!0,Nt,Wt,Jt)}function en(e){return tn(e,!0,Ft,Gt,Yt)}function tn(e,t,n,r,i){if(!S(e)||e.__v_raw&&!(t&&e.__v_isReactive)||e.__v_skip||!Object.isExtensible(e))return e;let a=i.get(e);if(a)return a;let o=Xt(E(e));if(o===0)return e;let s=new Proxy(e,o===2?r:n);return i.set(e,s),s}function nn(e){return rn(e)?nn(e.__v_raw):!!(e&&e.__v_isReactive)}function rn(e){return!!(e&&e.__v_isReadonly)}function an(e){return!!(e&&e.__v_isShallow)}function on(e){return e?!!e.__v_raw:!1}function F(e){let t=e&&e.__v_raw;return t?F(t):e}function sn(e){return!p(e,`__v_skip`)&&Object.isExtensible(e)&&oe(e,`__v_skip`,!0),e}var cn=e=>S(e)?Zt(e):e,ln=e=>S(e)?$t(e):e;function I(e){return e?e.__v_isRef===!0:!1}function un(e){return fn(e,!1)}function dn(e){return fn(e,!0)}function fn(e,t){return I(e)?e:new pn(e,t)}var pn=class{constructor(e,t){this.dep=new ot,this.__v_isRef=!0,this.__v_isShallow=!1,this._rawValue=t?e:F(e),this._value=t?e:cn(e),this.__v_isShallow=t}get value(){return this.dep.track(),this._value}set value(e){let t=this._rawValue,n=this.__v_isShallow||an(e)||rn(e);e=n?e:F(e),M(e,t)&&(this._rawValue=e,this._value=n?e:cn(e),this.dep.trigger())}};function mn(e){e.dep&&e.dep.trigger()}function hn(e){return I(e)?e.value:e}function gn(e){return y(e)?e():hn(e)}var _n={get:(e,t,n)=>t===`__v_raw`?e:hn(Reflect.get(e,t,n)),set:(e,t,n,r)=>{let i=e[t];return I(i)&&!I(n)?(i.value=n,!0):Reflect.set(e,t,n,r)}};function vn(e){return nn(e)?e:new Proxy(e,_n)}var yn=class{constructor(e){this.__v_isRef=!0,this._value=void 0;let t=this.dep=new ot,{get:n,set:r}=e(t.track.bind(t),t.trigger.bind(t));this._get=n,this._set=r}get value(){return this._value=this._get()}set value(e){this._set(e)}};function bn(e){return new yn(e)}function xn(e){let t=m(e)?Array(e.length):{};for(let n in e)t[n]=Tn(e,n);return t}var Sn=class{constructor(e,t,n){this._object=e,this._defaultValue=n,this.__v_isRef=!0,this._value=void 0,this._key=x(t)?t:String(t),this._raw=F(e);let r=!0,i=e;if(!m(e)||x(this._key)||!O(this._key))do r=!on(i)||an(i);while(r&&(i=i.__v_raw));this._shallow=r}get value(){let e=this._object[this._key];return this._shallow&&(e=hn(e)),this._value=e===void 0?this._defaultValue:e}set value(e){if(this._shallow&&I(this._raw[this._key])){let t=this._object[this._key];if(I(t)){t.value=e;return}}this._object[this._key]=e}get dep(){return mt(this._raw,this._key)}},Cn=class{constructor(e){this._getter=e,this.__v_isRef=!0,this.__v_isReadonly=!0,this._value=void 0}get value(){return this._value=this._getter()}};function wn(e,t,n){return I(e)?e:y(e)?new Cn(e):S(e)&&arguments.length>1?Tn(e,t,n):un(e)}function Tn(e,t,n){return new Sn(e,t,n)}var En=class{constructor(e,t,n){this.fn=e,this.setter=t,this._value=void 0,this.dep=new ot(this),this.__v_isRef=!0,this.deps=void 0,this.depsTail=void 0,this.flags=16,this.globalVersion=it-1,this.next=void 0,this.effect=this,this.__v_isReadonly=!t,this.isSSR=n}notify(){if(this.flags|=16,!(this.flags&8)&&P!==this)return He(this,!0),!0}get value(){let e=this.dep.track();return Je(this),e&&(e.version=this.dep.version),this._value}set value(e){this.setter&&this.setter(e)}};function Dn(e,t,n=!1){let r,i;return y(e)?r=e:(r=e.get,i=e.set),new En(r,i,n)}var On={GET:`get`,HAS:`has`,ITERATE:`iterate`},kn={SET:`set`,ADD:`add`,DELETE:`delete`,CLEAR:`clear`},An={},jn=new WeakMap,Mn=void 0;function Nn(){return Mn}function Pn(e,t=!1,n=Mn){if(n){let t=jn.get(n);t||jn.set(n,t=[]),t.push(e)}}function Fn(e,t,n=i){let{immediate:r,deep:a,once:s,scheduler:c,augmentJob:l,call:u}=n,f=e=>a?e:an(e)||a===!1||a===0?In(e,1):In(e),p,h,g,_,v=!1,b=!1;if(I(e)?(h=()=>e.value,v=an(e)):nn(e)?(h=()=>f(e),v=!0):m(e)?(b=!0,v=e.some(e=>nn(e)||an(e)),h=()=>e.map(e=>{if(I(e))return e.value;if(nn(e))return f(e);if(y(e))return u?u(e,2):e()})):h=y(e)?t?u?()=>u(e,2):e:()=>{if(g){tt();try{g()}finally{nt()}}let t=Mn;Mn=p;try{return u?u(e,3,[_]):e(_)}finally{Mn=t}}:o,t&&a){let e=h,t=a===!0?1/0:a;h=()=>In(e(),t)}let x=Fe(),S=()=>{p.stop(),x&&x.active&&d(x.effects,p)};if(s&&t){let e=t;t=(...t)=>{try{return e(...t)}finally{S()}}}let C=b?Array(e.length).fill(An):An,w=e=>{if(p.flags&1&&(p.dirty||e)){if(t){let n=p.run();if(e||a||v||(b?n.some((e,t)=>M(e,C[t])):M(n,C))){let e=Mn;tt();try{g&&g(),Mn=p;let e=[n,C===An?void 0:b&&C[0]===An?[]:C,_];C=n,u?u(t,3,e):t(...e)}finally{Mn=e,nt()}}}else p.run()}};return l&&l(w),p=new Re(h),p.scheduler=c?()=>c(w,!1):w,_=e=>Pn(e,!1,p),g=p.onStop=()=>{let e=jn.get(p);if(e){if(u)u(e,4);else for(let t of e)t();jn.delete(p)}},t?r?w(!0):C=p.run():c?c(w.bind(null,!0),!0):p.run(),S.pause=p.pause.bind(p),S.resume=p.resume.bind(p),S.stop=S,S}function In(e,t=1/0,n){if(t<=0||!S(e)||e.__v_skip||(n||=new Map,(n.get(e)||0)>=t))return e;if(n.set(e,t),t--,I(e))In(e.value,t,n);else if(m(e))for(let r=0;r<e.length;r++)In(e[r],t,n);else if(g(e)||h(e))e.forEach(e=>{In(e,t,n)});else if(D(e)){for(let r in e)In(e[r],t,n);for(let r of Object.getOwnPropertySymbols(e))Object.prototype.propertyIsEnumerable.call(e,r)&&In(e[r],t,n)}return e}var Ln=[];function Rn(e){Ln.push(e)}function zn(){Ln.pop()}function Bn(e,t){}var Vn={SETUP_FUNCTION:0,0:`SETUP_FUNCTION`,RENDER_FUNCTION:1,1:`RENDER_FUNCTION`,NATIVE_EVENT_HANDLER:5,5:`NATIVE_EVENT_HANDLER`,COMPONENT_EVENT_HANDLER:6,6:`COMPONENT_EVENT_HANDLER`,VNODE_HOOK:7,7:`VNODE_HOOK`,DIRECTIVE_HOOK:8,8:`DIRECTIVE_HOOK`,TRANSITION_HOOK:9,9:`TRANSITION_HOOK`,APP_ERROR_HANDLER:10,10:`APP_ERROR_HANDLER`,APP_WARN_HANDLER:11,11:`APP_WARN_HANDLER`,FUNCTION_REF:12,12:`FUNCTION_REF`,ASYNC_COMPONENT_LOADER:13,13:`ASYNC_COMPONENT_LOADER`,SCHEDULER:14,14:`SCHEDULER`,COMPONENT_UPDATE:15,15:`COMPONENT_UPDATE`,APP_UNMOUNT_CLEANUP:16,16:`APP_UNMOUNT_CLEANUP`},Hn={sp:`serverPrefetch hook`,bc:`beforeCreate hook`,c:`created hook`,bm:`beforeMount hook`,m:`mounted hook`,bu:`beforeUpdate hook`,u:`updated`,bum:`beforeUnmount hook`,um:`unmounted hook`,a:`activated hook`,da:`deactivated hook`,ec:`errorCaptured hook`,rtc:`renderTracked hook`,rtg:`renderTriggered hook`,0:`setup function`,1:`render function`,2:`watcher getter`,3:`watcher callback`,4:`watcher cleanup function`,5:`native event handler`,6:`component event handler`,7:`vnode hook`,8:`directive hook`,9:`transition hook`,10:`app errorHandler`,11:`app warnHandler`,12:`ref function`,13:`async component loader`,14:`scheduler flush`,15:`component update`,16:`app unmount cleanup function`};function Un(e,t,n,r){try{return r?e(...r):e()}catch(e){Gn(e,t,n)}}function Wn(e,t,n,r){if(y(e)){let i=Un(e,t,n,r);return i&&C(i)&&i.catch(e=>{Gn(e,t,n,void 0,!0)}),i}if(m(e)){let i=[];for(let a=0;a<e.length;a++)i.push(Wn(e[a],t,n,r));return i}}function Gn(e,t,n,r=!0,a=!1){let o=t?t.vnode:null,{errorHandler:s,throwUnhandledErrorInProduction:c}=t&&t.appContext.config||i;if(t){let r=t.parent,i=t.proxy,o=`https://vuejs.org/error-reference/#runtime-${n}`;for(;r;){let t=r.ec;if(t&&!r.isUnmounted&&(!a||r.scope.active)){for(let n=0;n<t.length;n++)if(t[n](e,i,o)===!1)return}r=r.parent}if(s){tt(),Un(s,null,10,[e,i,o]),nt();return}}Kn(e,n,o,r,c)}function Kn(e,t,n,r=!0,i=!1){if(i)throw e;console.error(e)}var qn=[],Jn=-1,Yn=[],Xn=null,Zn=0,Qn=Promise.resolve(),$n=null;function er(e){let t=$n||Qn;return e?t.then(this?e.bind(this):e):t}function tr(e){let t=Jn+1,n=qn.length;for(;t<n;){let r=t+n>>>1,i=qn[r],a=lr(i);a<e||a===e&&i.flags&2?t=r+1:n=r}return t}function nr(e){if(!(e.flags&1)){let t=lr(e),n=qn[qn.length-1];!n||!(e.flags&2)&&t>=lr(n)?qn.push(e):qn.splice(tr(t),0,e),e.flags|=1,rr()}}function rr(){$n||=Qn.then(ur)}function ir(e){if(!m(e))Xn&&e.id===-1?Xn.splice(Zn+1,0,e):e.flags&1||(Yn.push(e),e.flags|=1);else for(let t=0;t<e.length;t++)Yn.push(e[t]);rr()}function ar(e,t,n,r=Jn+1){for(;r<qn.length;r++){let n=qn[r];if(n&&n.flags&2){if(e&&n.id!==e.uid||t!==void 0&&!(n.id>=t))continue;qn.splice(r,1),r=e?r-1:Jn,n.flags&4&&(n.flags&=-2),n(),n.flags&4||(n.flags&=-2)}}}function or(e,t,n=0){if(Yn.length){let e=Yn,r=0;if(t){e=[];for(let i=0;i<Yn.length;i++){let a=Yn[i];(a.i===void 0?t.has(a):!a.i||a.i.uid<n)?Yn[r++]=a:e.push(a)}}let i=[...new Set(e)].sort((e,t)=>lr(e)-lr(t));if(Yn.length=r,Xn){for(let e=0;e<i.length;e++)Xn.push(i[e]);return}for(Xn=i,Zn=0;Zn<Xn.length;Zn++){let e=Xn[Zn];e.flags&4&&(e.flags&=-2),e.flags&8||e(),e.flags&=-2}Xn=null,Zn=0}}var sr=!1;function cr(e,t){if(sr){e();return}let n=t===void 0?void 0:new Set(Yn);e(),sr=!0;try{ar(void 0,t),or(void 0,n,t)}finally{sr=!1}}var lr=e=>e.id==null?e.flags&2?-1:1/0:e.id;function ur(e){try{for(Jn=0;Jn<qn.length;Jn++){let e=qn[Jn];e&&!(e.flags&8)&&(e.flags&4&&(e.flags&=-2),Un(e,e.i,e.i?15:14),e.flags&4||(e.flags&=-2))}}finally{for(;Jn<qn.length;Jn++){let e=qn[Jn];e&&(e.flags&=-2)}Jn=-1,qn.length=0,or(e),$n=null,(qn.length||Yn.length)&&ur(e)}}var dr,fr=[];function pr(e,t){dr=e,dr?(dr.enabled=!0,fr.forEach(({event:e,args:t})=>dr.emit(e,...t)),fr=[]):typeof window<`u`&&window.HTMLElement&&!(window.navigator?.userAgent)?.includes(`jsdom`)?((t.__VUE_DEVTOOLS_HOOK_REPLAY__=t.__VUE_DEVTOOLS_HOOK_REPLAY__||[]).push(e=>{pr(e,t)}),setTimeout(()=>{dr||(t.__VUE_DEVTOOLS_HOOK_REPLAY__=null,fr=[])},3e3)):fr=[]}var mr=null,hr=null;function gr(e){let t=mr;return mr=e,hr=e&&e.type.__scopeId||null,t}function _r(e){hr=e}function vr(){hr=null}var yr=e=>br;function br(e,t=mr,n){if(!t||e._n)return e;let r=(...n)=>{r._d&&Ts(-1);let i=gr(t),a=bs.length,o;try{o=e(...n)}finally{for(let e=bs.length;e>a;e--)Cs();gr(i),r._d&&Ts(1)}return o};return r._n=!0,r._c=!0,r._d=!0,r}function xr(e,t){if(mr===null)return e;let n=mc(mr),r=e.dirs||=[];for(let e=0;e<t.length;e++){let[a,o,s,c=i]=t[e];a&&(y(a)&&(a={mounted:a,updated:a}),a.deep&&In(o),r.push({dir:a,instance:n,value:o,oldValue:void 0,arg:s,modifiers:c}))}return e}function Sr(e,t,n,r){let i=e;if(r===`beforeMount`)e._mount=e;else if(r===`beforeUpdate`){let n=t&&t._mount;n&&(n._latest=e,e._mount=n)}else if(r===`mounted`){let t=e._latest;e._mount=e._latest=void 0,t&&(i=t,t._mount=void 0)}let a=i.dirs,o=t&&t.dirs;for(let s=0;s<a.length;s++){let c=a[s];o?c.oldValue=o[s].value:r===`mounted`&&c.oldValue!==void 0&&(c=u({},c,{oldValue:void 0}));let l=c.dir[r];l&&(tt(),Wn(l,n,8,[e.el,c,i,t]),nt())}}function Cr(e,t){if(Xs){let n=Xs.provides,r=Xs.parent&&Xs.parent.provides;r===n&&(n=Xs.provides=Object.create(r)),n[e]=t}}function L(e,t,n=!1){let r=B();if(r||co){let i=co?co._context.provides:r?r.parent==null||r.ce?r.vnode.appContext&&r.vnode.appContext.provides:r.parent.provides:void 0;if(i&&e in i)return i[e];if(arguments.length>1)return n&&y(t)?t.call(r&&r.proxy):t}}function wr(){return!!(B()||co)}var Tr=Symbol.for(`v-scx`),Er=()=>L(Tr);function Dr(e,t){return jr(e,null,t)}function Or(e,t){return jr(e,null,{flush:`post`})}function kr(e,t){return jr(e,null,{flush:`sync`})}function Ar(e,t,n){return jr(e,t,n)}function jr(e,t,n=i){let{immediate:r,deep:a,flush:s,once:c}=n,l=u({},n),d=t&&r||!t&&s!==`post`,f;if(nc){if(s===`sync`){let e=Er();f=e.__watcherHandles||=[]}else if(!d){let e=()=>{};return e.stop=o,e.resume=o,e.pause=o,e}}let p=Xs;l.call=(e,t,n)=>Wn(e,p,t,n);let m=!1;s===`post`?l.scheduler=e=>{e.i=p,Ho(e,p&&p.suspense)}:s!==`sync`&&(m=!0,l.scheduler=(e,t)=>{t?e():nr(e)}),l.augmentJob=e=>{t&&(e.flags|=4),m&&(e.flags|=2,p&&(e.id=p.uid,e.i=p))};let h=Fn(e,t,l);return nc&&(f?f.push(h):d&&h()),h}function Mr(e,t,n){let r=this.proxy,i=b(e)?e.includes(`.`)?Nr(r,e):()=>r[e]:e.bind(r,r),a;y(t)?a=t:(a=t.handler,n=t);let o=$s(this),s=jr(i,a.bind(r),n);return o(),s}function Nr(e,t){let n=t.split(`.`);return()=>{let t=e;for(let e=0;e<n.length&&t;e++)t=t[n[e]];return t}}var Pr=new WeakMap,Fr=Symbol(`_vte`),Ir=e=>e.__isTeleport,Lr=e=>e&&(e.disabled||e.disabled===``),Rr=e=>e&&(e.defer||e.defer===``),zr=e=>typeof SVGElement<`u`&&e instanceof SVGElement,Br=e=>typeof MathMLElement==`function`&&e instanceof MathMLElement,Vr=(e,t)=>{let n=e&&e.to;return b(n)?t?t(n):null:n},Hr={name:`Teleport`,__isTeleport:!0,process(e,t,n,r,i,a,o,s,c,l){let{mc:u,pc:d,pbc:f,o:{insert:p,querySelector:m,createText:h,createComment:g,parentNode:_}}=l,v=Lr(t.props),{dynamicChildren:y}=t,b=(e,t,n)=>{e.shapeFlag&16&&u(e.children,t,n,i,a,o,s,c)},x=(e=t)=>{let n=Lr(e.props),r=e.target=Vr(e.props,m),a=qr(r,e,h,p);r&&(o!==`svg`&&zr(r)?o=`svg`:o!==`mathml`&&Br(r)&&(o=`mathml`),i&&i.isCE&&(i.ce._teleportTargets||(i.ce._teleportTargets=new Set)).add(r),n||(b(e,r,a),Kr(e,!1)))},S=e=>{let t=()=>{if(Pr.get(e)===t){if(Pr.delete(e),Lr(e.props)){let t=_(e.el)||n;b(e,t,e.anchor),Kr(e,!0)}x(e)}};Pr.set(e,t),Ho(t,a)};if(e==null){let e=t.el=h(``),i=t.anchor=h(``);if(p(e,n,r),p(i,n,r),Rr(t.props)||a&&a.pendingBranch){S(t);return}v&&(b(t,n,i),Kr(t,!0)),x()}else{t.el=e.el;let r=t.anchor=e.anchor,u=Pr.get(e);if(u){u.flags|=8,Pr.delete(e),S(t);return}t.targetStart=e.targetStart;let p=t.target=e.target,h=t.targetAnchor=e.targetAnchor,g=Lr(e.props),_=g?n:p,b=g?r:h;if(o===`svg`||zr(p)?o=`svg`:(o===`mathml`||Br(p))&&(o=`mathml`),y?(f(e.dynamicChildren,y,_,i,a,o,s),Yo(e,t,!0)):c||d(e,t,_,b,i,a,o,s,!1),v)g?t.props&&e.props&&t.props.to!==e.props.to&&(t.props.to=e.props.to):Ur(t,n,r,l,1);else if((t.props&&t.props.to)!==(e.props&&e.props.to)){let e=Vr(t.props,m);e&&(t.target=e,Ur(t,e,null,l,0))}else g&&Ur(t,p,h,l,1);Kr(t,v)}},remove(e,t,n,{um:r,o:{remove:i}},a){let{shapeFlag:o,children:s,anchor:c,targetStart:l,targetAnchor:u,target:d,props:f}=e,p=Lr(f),m=a||!p,h=Pr.get(e);if(h&&(h.flags|=8,Pr.delete(e)),d&&(i(l),i(u)),a&&i(c),!h&&(p||d)&&o&16)for(let e=0;e<s.length;e++){let i=s[e];r(i,t,n,m,!!i.dynamicChildren)}},move:Ur,hydrate:Wr};function Ur(e,t,n,{o:{insert:r},m:i},a=2){a===0&&(e.targetStart&&r(e.targetStart,t,n),r(e.targetAnchor,t,n),n=e.targetAnchor);let{el:o,anchor:s,shapeFlag:c,children:l,props:u}=e,d=a===2;if(d&&r(o,t,n),!Pr.has(e)&&(!d||Lr(u))&&c&16)for(let e=0;e<l.length;e++)i(l[e],t,n,2);d&&r(s,t,n)}function Wr(e,t,n,r,i,a,{o:{nextSibling:o,parentNode:s,querySelector:c,insert:l,createText:u}},d){function f(e,n){let r=n;for(;r;){if(r&&r.nodeType===8){if(r.data===`teleport start anchor`)t.targetStart=r;else if(r.data===`teleport anchor`){t.targetAnchor=r,e._lpa=t.targetAnchor&&o(t.targetAnchor);break}}r=o(r)}}function p(e,t){t.anchor=d(o(e),t,s(e),n,r,i,a)}let m=t.target=Vr(t.props,c),h=Lr(t.props);if(m){let c=m._lpa||m.firstChild;t.shapeFlag&16&&(h?(p(e,t),f(m,c),t.targetAnchor||qr(m,t,u,l,s(e)===m?e:null)):(t.anchor=o(e),f(m,c),t.targetAnchor||qr(m,t,u,l),d(c&&o(c),t,m,n,r,i,a))),Kr(t,h)}else h&&t.shapeFlag&16&&(p(e,t),t.targetStart=e,t.targetAnchor=o(e));return t.anchor&&o(t.anchor)}var Gr=Hr;function Kr(e,t){let n=e.ctx;if(n&&n.ut){let r,i;for(t?(r=e.el,i=e.anchor):(r=e.targetStart,i=e.targetAnchor);r&&r!==i;)r.nodeType===1&&r.setAttribute(`data-v-owner`,n.uid),r=r.nextSibling;n.ut()}}function qr(e,t,n,r,i=null){let a=t.targetStart=n(``),o=t.targetAnchor=n(``);return a[Fr]=o,e&&(r(a,e,i),r(o,e,i)),o}var Jr=Symbol(`_leaveCb`),Yr=Symbol(`_enterCb`);function Xr(){let e={isMounted:!1,isLeaving:!1,isUnmounting:!1,leavingVNodes:new Map};return na(()=>{e.isMounted=!0}),aa(()=>{e.isUnmounting=!0}),e}var Zr=[Function,Array],Qr={mode:String,appear:Boolean,persisted:Boolean,onBeforeEnter:Zr,onEnter:Zr,onAfterEnter:Zr,onEnterCancelled:Zr,onBeforeLeave:Zr,onLeave:Zr,onAfterLeave:Zr,onLeaveCancelled:Zr,onBeforeAppear:Zr,onAppear:Zr,onAfterAppear:Zr,onAppearCancelled:Zr},$r={name:`BaseTransition`,props:Qr,setup(e,{slots:t}){let n=B(),r=Xr();return()=>{let i=t.default&&si(t.default(),!0),a=i&&i.length?ei(i):n.subTree?Bs():void 0;if(!a)return;let o=F(e),{mode:s}=o;if(r.isLeaving)return ii(a);let c=ai(a);if(!c)return ii(a);let l=ri(c,o,r,n);c.type!==R&&oi(c,l);let u=n.subTree&&ai(n.subTree);if(u&&u.type!==R&&!As(u,c)&&ci(n.subTree)){let e=ri(u,o,r,n);if(oi(u,e),s===`out-in`&&c.type!==R)return r.isLeaving=!0,e.afterLeave=()=>{if(r.isLeaving=!1,!(n.job.flags&8)){if(n.effect.flags&2){let e=()=>{n.job.flags&8||n.update()};e.i=n,nr(e)}else n.update()}delete e.afterLeave,u=void 0},ii(a);s===`in-out`&&c.type!==R?e.delayLeave=(e,t,n)=>{let i=ni(r,u);i[String(u.key)]=u,e[Jr]=()=>{t(),e[Jr]=void 0,delete l.delayedLeave,u=void 0},l.delayedLeave=()=>{n(),delete l.delayedLeave,u=void 0}}:u=void 0}else u&&=void 0;return a}}};function ei(e){let t=e[0];if(e.length>1){for(let n of e)if(n.type!==R){t=n;break}}return t}var ti=$r;function ni(e,t){let{leavingVNodes:n}=e,r=n.get(t.type);return r||(r=Object.create(null),n.set(t.type,r)),r}function ri(e,t,n,r){let{appear:i,mode:a,persisted:o=!1,onBeforeEnter:s,onEnter:c,onAfterEnter:l,onEnterCancelled:u,onBeforeLeave:d,onLeave:f,onAfterLeave:p,onLeaveCancelled:h,onBeforeAppear:g,onAppear:_,onAfterAppear:v,onAppearCancelled:y}=t,b=String(e.key),x=ni(n,e),S=(e,t)=>{e&&Wn(e,r,9,t)},C=(e,t)=>{let n=t[1];S(e,t),m(e)?e.every(e=>e.length<=1)&&n():e.length<=1&&n()},w={mode:a,persisted:o,beforeEnter(t){let r=s;if(!n.isMounted){if(i)r=g||s;else return}t[Jr]&&t[Jr](!0);let a=x[b];if(a&&As(e,a)){let e=a.el[Jr];if(!e){let t=ci(a);e=t&&t.el[Jr]}e&&e()}S(r,[t])},enter(t){if(x[b]===e)return;let r=c,a=l,o=u;if(!n.isMounted){if(i)r=_||c,a=v||l,o=y||u;else return}let s=!1;t[Yr]=e=>{s||(s=!0,S(e?o:a,[t]),w.delayedLeave&&w.delayedLeave(),t[Yr]=void 0)};let d=t[Yr].bind(null,!1);r?C(r,[t,d]):d()},leave(t,r){let i=String(e.key);if(t[Yr]&&t[Yr](!0),n.isUnmounting)return r();S(d,[t]);let a=!1;t[Jr]=n=>{a||(a=!0,r(),S(n?h:p,[t]),t[Jr]=void 0,x[i]===e&&delete x[i])};let o=t[Jr].bind(null,!1);x[i]=e,f?C(f,[t,o]):o()},clone(e){let i=ri(e,t,n,r);return i.afterLeave=()=>{w.afterLeave&&w.afterLeave()},i.delayLeave=(e,t,n)=>{w.delayLeave?w.delayLeave(e,t,n):n()},i.delayedLeave=()=>{w.delayedLeave&&w.delayedLeave()},i}};return w}function ii(e){if(Wi(e))return e=Ls(e),e.children=null,e}function ai(e){if(!Wi(e))return Ir(e.type)&&e.children?ei(e.children):e;if(e.component)return e.component.subTree;let{shapeFlag:t,children:n}=e;if(n){if(t&16)return n[0];if(t&32&&y(n.default))return n.default()}}function oi(e,t){if(e.shapeFlag&6&&e.component){e.transition=t;let n=e.component.subTree;oi(Ir(n.type)&&ai(n)||n,t)}else if(e.shapeFlag&128){let n=e.suspense;if(n){let e=n.isHydrating?n.pendingBranch:n.activeBranch;e&&oi(e,t.clone(e))}else e.ssContent.transition=t.clone(e.ssContent),e.ssFallback.transition=t.clone(e.ssFallback)}else if(e.transition=t,e.type===_s&&m(e.children)){let n=_o(e.children,!1);n&&oi(n,t)}}function si(e,t=!1,n){let r=[],i=0;for(let a=0;a<e.length;a++){let o=e[a],s=n==null?o.key:String(n)+String(o.key==null?a:o.key);o.type===_s?(o.patchFlag&128&&i++,r=r.concat(si(o.children,t,s))):(t||o.type!==R)&&r.push(s==null?o:Ls(o,{key:s}))}if(i>1)for(let e=0;e<r.length;e++)r[e].patchFlag=-2;return r}function ci(e){if(e.component)return ci(e.component.subTree);if(e.type===_s){let t=m(e.children)&&_o(e.children,!1);return t?ci(t):void 0}if(e.type!==R)return e}function li(e,t){return y(e)?u({name:e.name},t,{setup:e}):e}function ui(){let e=B();return e?(e.appContext.config.idPrefix||`v`)+`-`+e.ids[0]+e.ids[1]++:``}function di(e){e.ids=[e.ids[0]+e.ids[2]+++`-`,0,0]}function fi(e){let t=B(),n=dn(null);if(t){let r=t.refs===i?t.refs={}:t.refs;Object.defineProperty(r,e,{enumerable:!0,get:()=>n.value,set:e=>n.value=e})}return n}function pi(e,t){let n;return!!((n=Object.getOwnPropertyDescriptor(e,t))&&!n.configurable)}var mi=new WeakMap;function hi(e,t,n,r,a=!1){if(m(e)){e.forEach((e,i)=>hi(e,t&&(m(t)?t[i]:t),n,r,a));return}if(Vi(r)&&!a){r.shapeFlag&512&&r.type.__asyncResolved&&r.component.subTree.component&&hi(e,t,n,r.component.subTree);return}let o=r.shapeFlag&4?mc(r.component):r.el,c=a?null:o,{i:l,r:u}=e,f=t&&t.r,h=l.refs===i?l.refs={}:l.refs,g=l.setupState,_=F(g),v=g===i?s:e=>!pi(h,e)&&p(_,e),x=(e,t)=>!(t&&pi(h,t));if(f!=null&&f!==u){if(gi(t),b(f))h[f]=null,v(f)&&(g[f]=null);else if(I(f)){let e=t;x(f,e.k)&&(f.value=null),e.k&&(h[e.k]=null)}}if(y(u))Un(u,l,12,[c,h]);else{let t=b(u),r=I(u);if(t||r){let i=()=>{if(e.f){let n=t?v(u)?g[u]:h[u]:x(u)||!e.k?u.value:h[e.k];if(a)m(n)&&d(n,o);else if(m(n))n.includes(o)||n.push(o);else if(t)h[u]=[o],v(u)&&(g[u]=h[u]);else{let t=[o];x(u,e.k)&&(u.value=t),e.k&&(h[e.k]=t)}}else t?(h[u]=c,v(u)&&(g[u]=c)):r&&(x(u,e.k)&&(u.value=c),e.k&&(h[e.k]=c))};if(c){let t=()=>{i(),mi.delete(e)};t.id=-1,mi.set(e,t),Ho(t,n)}else gi(e),i()}}}function gi(e){let t=mi.get(e);t&&(t.flags|=8,mi.delete(e))}var _i=!1,vi=()=>{_i||=(console.error(`Hydration completed but contains mismatches.`),!0)},yi=e=>e.namespaceURI.includes(`svg`)&&e.tagName!==`foreignObject`,bi=e=>e.namespaceURI.includes(`MathML`),xi=e=>{if(e.nodeType===1){if(yi(e))return`svg`;if(bi(e))return`mathml`}},Si=e=>e.nodeType===8;function Ci(e){let{mt:t,p:n,o:{patchProp:r,createText:i,nextSibling:a,parentNode:o,remove:s,insert:l,createComment:u}}=e,d=(e,t)=>{t.hasChildNodes()?(f(t.firstChild,e,null,null,null),or(),t._vnode=e):(n(null,e,t),or(),t._vnode=e)},f=(n,r,s,c,u,d=!1)=>{d||=!!r.dynamicChildren;let b=Si(n)&&n.data===`[`,x=()=>g(n,r,s,c,u,b),{type:S,ref:C,shapeFlag:w,patchFlag:T}=r,E=n.nodeType;r.el=n,T===-2&&(d=!1,r.dynamicChildren=null);let D=null;switch(S){case vs:E===3?(n.data!==r.children&&(vi(),n.data=r.children),D=a(n)):r.children===``?(l(r.el=i(``),o(n),n),D=n):D=x();break;case R:y(n)?(D=a(n),v(r.el=n.content.firstChild,n,s)):D=E!==8||b?x():a(n);break;case ys:if(b&&(n=a(n),E=n.nodeType),E===1||E===3){D=n;let e=!r.children.length;for(let t=0;t<r.staticCount;t++)e&&(r.children+=D.nodeType===1?D.outerHTML:D.data),t===r.staticCount-1&&(r.anchor=D),D=a(D);return b?a(D):D}x();break;case _s:D=b?h(n,r,s,c,u,d):x();break;default:if(w&1)D=(E!==1||r.type.toLowerCase()!==n.tagName.toLowerCase())&&!y(n)?x():p(n,r,s,c,u,d);else if(w&6){r.slotScopeIds=u;let e=o(n);if(D=b?_(n):Si(n)&&n.data===`teleport start`?_(n,n.data,`teleport end`):a(n),t(r,e,null,s,c,xi(e),d),(Vi(r)||r.component.asyncDep)&&!r.component.subTree){let t;b?(t=z(ys),t.anchor=D?D.previousSibling:e.lastChild):t=n.nodeType===3?Rs(``):z(n.nodeType===8?R:`div`),t.el=n,r.component.subTree=t}}else w&64?D=E===8?r.type.hydrate(n,r,s,c,u,d,e,m):x():w&128&&(D=r.type.hydrate(n,r,s,c,xi(o(n)),u,d,e,f))}return C!=null&&hi(C,null,c,r),D},p=(e,t,n,i,a,o)=>{o||=!!t.dynamicChildren;let{type:l,dynamicProps:u,props:d,patchFlag:f,shapeFlag:p,dirs:h,transition:g}=t,_=l===`input`||l===`option`,b=!!u;if(_||b||f!==-1){h&&Sr(t,null,n,`created`);let l=!1;if(y(e)){l=Jo(null,g)&&n&&n.vnode.props&&n.vnode.props.appear;let r=e.content.firstChild;if(l){let e=r.getAttribute(`class`);e&&(r.$cls=e),g.beforeEnter(r)}v(r,e,n),t.el=e=r}if(p&16&&!(d&&(d.innerHTML||d.textContent))){let r=m(e.firstChild,t,e,n,i,a,o);for(r&&!Oi(e,1)&&vi();r;){let e=r;r=r.nextSibling,s(e)}}else if(p&8){let n=t.children;n[0]===`
`&&(e.tagName===`PRE`||e.tagName===`TEXTAREA`)&&(n=n.slice(1));let{textContent:r}=e;r!==n&&r!==n.replace(/\r\n|\r/g,`
`)&&(Oi(e,0)||vi(),e.textContent=t.children)}if(d){if(_||b||!o||f&48){let t=e.tagName.includes(`-`),i=e.namespaceURI.includes(`svg`)?`svg`:e.namespaceURI.includes(`MathML`)?`mathml`:void 0;for(let a in d)if(_&&(a.endsWith(`value`)||a===`indeterminate`)||c(a)&&!ee(a)||a[0]===`.`||t&&!ee(a)||u&&u.includes(a)){if(Ti(e,a,d[a]))continue;r(e,a,null,d[a],i,n)}}else if(d.onClick)r(e,`onClick`,null,d.onClick,void 0,n);else if(f&4&&nn(d.style))for(let e in d.style)d.style[e]}let x;(x=d&&d.onVnodeBeforeMount)&&Gs(x,n,t),h&&Sr(t,null,n,`beforeMount`),((x=d&&d.onVnodeMounted)||h||l)&&ms(()=>{x&&Gs(x,n,t),l&&g.enter(e),h&&Sr(t,null,n,`mounted`)},i)}return e.nextSibling},m=(e,t,r,o,s,c,u)=>{u||=!!t.dynamicChildren;let d=t.children,p=d.length,m=!1;for(let t=0;t<p;t++){let h=u?d[t]:d[t]=Vs(d[t]),g=h.type===vs;e?(g&&!u&&t+1<p&&Vs(d[t+1]).type===vs&&(l(i(e.data.slice(h.children.length)),r,a(e)),e.data=h.children),e=f(e,h,o,s,c,u)):g&&!h.children?l(h.el=i(``),r):(m||(m=!0,Oi(r,1)||vi()),n(null,h,r,null,o,s,xi(r),c))}return e},h=(e,t,n,r,i,s)=>{let{slotScopeIds:c}=t;c&&(i=i?i.concat(c):c);let d=o(e),f=m(a(e),t,d,n,r,i,s);return f&&Si(f)&&f.data===`]`?a(t.anchor=f):(vi(),l(t.anchor=u(`]`),d,f),f)},g=(e,t,r,i,c,l)=>{if(Ai(e,t)||vi(),t.el=null,l){let t=_(e);for(;;){let n=a(e);if(n&&n!==t)s(n);else break}}let u=a(e),d=o(e);return s(e),n(null,t,d,u,r,i,xi(d),c),r&&r.vnode.el===e&&(r.vnode.el=t.el,Co(r,t.el)),u},_=(e,t=`[`,n=`]`)=>{let r=0;for(;e;)if(e=a(e),e&&Si(e)&&(e.data===t&&r++,e.data===n)){if(r===0)return a(e);r--}return e},v=(e,t,n)=>{let r=t.parentNode;r&&r.replaceChild(e,t);let i=n;for(;i;)i.vnode.el===t&&(i.vnode.el=i.subTree.el=e),i=i.parent},y=e=>e.nodeType===1&&e.tagName===`TEMPLATE`;return[d,f]}var wi=new Set([`src`,`srcset`,`href`,`poster`]);function Ti(e,t,n){return wi.has(t)?e.getAttribute(t)===(n==null?null:`${n}`):!1}var Ei=`data-allow-mismatch`,Di={0:`text`,1:`children`,2:`class`,3:`style`,4:`attribute`};function Oi(e,t){if(t===0||t===1)for(;e&&!e.hasAttribute(Ei);)e=e.parentElement;return ki(e&&e.getAttribute(Ei),t)}function ki(e,t){if(e==null)return!1;if(e===``)return!0;{let n=e.split(`,`);return t===0&&n.includes(`children`)?!0:n.includes(Di[t])}}function Ai(e,t){return Oi(e.parentElement,1)||ji(e)||Mi(t)}function ji(e){return e.nodeType===1&&ki(e.getAttribute(Ei),1)}function Mi({props:e}){let t=e&&e[Ei];return typeof t==`string`&&ki(t,1)}var Ni=N().requestIdleCallback||(e=>setTimeout(e,1)),Pi=N().cancelIdleCallback||(e=>clearTimeout(e)),Fi=(e=1e4)=>t=>{let n=Ni(t,{timeout:e});return()=>Pi(n)};function Ii(e){let{top:t,left:n,bottom:r,right:i}=e.getBoundingClientRect(),{innerHeight:a,innerWidth:o}=window;return(t>0&&t<a||r>0&&r<a)&&(n>0&&n<o||i>0&&i<o)}var Li=e=>(t,n)=>{let r=new IntersectionObserver(e=>{for(let n of e)if(n.isIntersecting){r.disconnect(),t();break}},e),i=e=>{if(Ii(e))return t(),r.disconnect(),!1;if(getComputedStyle(e).display===`contents`){for(let t=0;t<e.children.length;t++)if(i(e.children[t])===!1)return!1}r.observe(e)};return n(e=>{if(e instanceof Element)return i(e)}),()=>r.disconnect()},Ri=e=>t=>{if(e){let n=matchMedia(e);if(n.matches)t();else return n.addEventListener(`change`,t,{once:!0}),()=>n.removeEventListener(`change`,t)}},zi=(e=[])=>(t,n)=>{b(e)&&(e=[e]);let r=!1,i=e=>{r||(r=!0,a(),t(),e.target.dispatchEvent(new e.constructor(e.type,e)))},a=()=>{n(t=>{for(let n of e)t.removeEventListener(n,i)})};return n(t=>{for(let n of e)t.addEventListener(n,i,{once:!0})}),a};function Bi(e,t){if(Si(e)&&e.data===`[`){let n=1,r=e.nextSibling;for(;r;){if(r.nodeType===1){if(t(r)===!1)break}else if(Si(r)){if(r.data===`]`){if(--n===0)break}else r.data===`[`&&n++}r=r.nextSibling}}else t(e)}var Vi=e=>!!e.type.__asyncLoader;function Hi(e){y(e)&&(e={loader:e});let{loader:t,loadingComponent:n,errorComponent:r,delay:i=200,hydrate:a,timeout:o,suspensible:s=!0,onError:c}=e,l=null,u,d=0,f=()=>(d++,l=null,p()),p=()=>{let e;return l||(e=l=t().catch(e=>{if(e=e instanceof Error?e:Error(String(e)),c)return new Promise((t,n)=>{c(e,()=>t(f()),()=>n(e),d+1)});throw e}).then(t=>e!==l&&l?l:(t&&(t.__esModule||t[Symbol.toStringTag]===`Module`)&&(t=t.default),u=t,t)))};return li({name:`AsyncComponentWrapper`,__asyncLoader:p,__asyncHydrate(e,t,n){let r=e.isConnected,i=!1;(t.bu||=[]).push(()=>i=!0);let o=()=>{i||!e.parentNode||r&&!e.isConnected||n()},s=a?()=>{let n=a(o,t=>Bi(e,t));n&&(t.bum||=[]).push(n)}:o;u?s():p().then(()=>!t.isUnmounted&&s())},get __asyncResolved(){return u},setup(){let e=Xs;if(di(e),u)return()=>Ui(u,e);let t=t=>{l=null,Gn(t,e,13,!r,!0)};if(s&&e.suspense||nc)return p().then(t=>()=>Ui(t,e)).catch(e=>(t(e),()=>r?z(r,{error:e}):null));let a=un(!1),c=un(),d=un(!!i),f,m;return Ie(()=>{f!=null&&clearTimeout(f),m!=null&&clearTimeout(m)}),i&&(m=setTimeout(()=>{e.isUnmounted||(d.value=!1)},i)),o!=null&&(f=setTimeout(()=>{if(!e.isUnmounted&&!a.value&&!c.value){let e=Error(`Async component timed out after ${o}ms.`);t(e),c.value=e}},o)),p().then(()=>{e.isUnmounted||(a.value=!0,e.parent&&Wi(e.parent.vnode)&&e.parent.update())}).catch(n=>{e.isUnmounted?l=null:(t(n),c.value=n)}),()=>{if(a.value&&u)return Ui(u,e);if(c.value&&r)return z(r,{error:c.value});if(n&&!d.value)return Ui(n,e)}}})}function Ui(e,t){let{ref:n,props:r,children:i,ce:a}=t.vnode,o=z(e,r,i);return o.ref=n,o.ce=a,delete t.vnode.ce,o}var Wi=e=>e.type.__isKeepAlive,Gi={name:`KeepAlive`,__isKeepAlive:!0,props:{include:[String,RegExp,Array],exclude:[String,RegExp,Array],max:[String,Number]},setup(e,{slots:t}){let n=B(),r=n.ctx;if(!r.renderer)return()=>{let e=t.default&&t.default();return e&&e.length===1?e[0]:e};let i=new Map,a=new Set,o=null,s=n.suspense,{renderer:{p:c,m:l,um:u,o:{createElement:d}}}=r,f=d(`div`);r.activate=(e,t,n,r,i)=>{let a=e.component;l(e,t,n,0,s),c(a.vnode,e,t,n,a,s,r,e.slotScopeIds,i),Ho(()=>{a.isDeactivated=!1,a.a&&ae(a.a);let t=e.props&&e.props.onVnodeMounted;t&&Gs(t,a.parent,e)},s)},r.deactivate=e=>{let t=i.get(e.key==null?e.type:e.key);if(!t||t.component!==e.component)return!1;let n=e.component;return Qo(n.m),Qo(n.a),l(e,f,null,1,s),Ho(()=>{n.da&&ae(n.da);let t=e.props&&e.props.onVnodeUnmounted;t&&Gs(t,n.parent,e),n.isDeactivated=!0},s),!0};function p(e){Zi(e),u(e,n,s,!0)}function m(e){i.forEach((t,n)=>{let r=hc(Vi(t)?t.type.__asyncResolved||{}:t.type);r&&!e(r)&&h(n)})}function h(e){let t=i.get(e);t&&(!o||!As(t,o))?p(t):o&&(Zi(o),t&&Zi(t)),i.delete(e),a.delete(e)}Ar(()=>[e.include,e.exclude],([e,t])=>{e&&m(t=>Ki(e,t)),t&&m(e=>!Ki(t,e))},{flush:`post`,deep:!0});let g=null,_=()=>{if(g!=null){if(es(n.subTree.type)){let e=()=>{let e=Qi(n.subTree);e.component&&i.set(g,e)};n.subTree.suspense.pendingBranch?Ho(e,n.subTree.suspense):e()}else i.set(g,Qi(n.subTree))}};return na(_),ia(_),aa(()=>{i.forEach(e=>{let{subTree:t,suspense:r}=n,i=Qi(t);if(e.type===i.type&&e.key===i.key){Zi(i);let e=i.component.da;e&&Ho(e,r)}else p(e)})}),()=>{if(g=null,!t.default)return o=null;let n=t.default(),r=n[0];if(n.length>1)return o=null,n;if(!ks(r)||!(r.shapeFlag&4)&&!(r.shapeFlag&128))return o=null,r;let s=Qi(r);if(s.type===R)return o=null,s;let c=s.type,l=hc(Vi(s)?s.type.__asyncResolved||{}:c),{include:u,exclude:d,max:f}=e;if(u&&(!l||!Ki(u,l))||d&&l&&Ki(d,l))return s.shapeFlag&=-257,o=s,r;let p=s.key==null?c:s.key,m=i.get(p);return s.el&&(s=Ls(s),r.shapeFlag&128&&(r.ssContent=s)),g=p,m?(s.el=m.el,s.component=m.component,s.transition&&oi(s,s.transition),s.shapeFlag|=512,a.delete(p),a.add(p)):(a.add(p),f&&a.size>parseInt(f,10)&&h(a.values().next().value)),s.shapeFlag|=256,o=s,es(r.type)?r:s}}};function Ki(e,t){return m(e)?e.some(e=>Ki(e,t)):b(e)?e.split(`,`).includes(t):v(e)?(e.lastIndex=0,e.test(t)):!1}function qi(e,t){Yi(e,`a`,t)}function Ji(e,t){Yi(e,`da`,t)}function Yi(e,t,n=Xs){let r=e.__wdc||=()=>{let t=n;for(;t;){if(t.isDeactivated)return;t=t.parent}return e()};if($i(t,r,n),n){let e=n.parent;for(;e&&e.parent;)Wi(e.parent.vnode)&&Xi(r,t,n,e),e=e.parent}}function Xi(e,t,n,r){let i=$i(t,e,r,!0),a=$i(`um`,()=>d(r[t],i),n);a.flags=16}function Zi(e){e.shapeFlag&=-257,e.shapeFlag&=-513}function Qi(e){return e.shapeFlag&128?e.ssContent:e}function $i(e,t,n=Xs,r=!1){if(n){let i=n[e]||(n[e]=[]),a=t.__weh||=(...r)=>{tt();let i=$s(n),a=Wn(t,n,e,r);return i(),nt(),a};return r?i.unshift(a):i.push(a),a}}var ea=e=>(t,n=Xs)=>{nc&&e!==`sp`||$i(e,(...e)=>t(...e),n)},ta=ea(`bm`),na=ea(`m`),ra=ea(`bu`),ia=ea(`u`),aa=ea(`bum`),oa=ea(`um`),sa=ea(`sp`),ca=ea(`rtg`),la=ea(`rtc`);function ua(e,t=Xs){$i(`ec`,e,t)}var da=`components`,fa=`directives`;function pa(e,t){return _a(da,e,!0,t)||e}var ma=Symbol.for(`v-ndc`);function ha(e){return b(e)?_a(da,e,!1)||e:e||ma}function ga(e){return _a(fa,e)}function _a(e,t,n=!0,r=!1){let i=mr||Xs;if(i){let n=i.type;if(e===da){let e=hc(n,!1);if(e&&(e===t||e===k(t)||e===j(k(t))))return n}let a=va(i[e]||n[e],t)||va(i.appContext[e],t);return!a&&r?n:a}}function va(e,t){return e&&(e[t]||e[k(t)]||e[j(k(t))])}function ya(e,t,n,r){let i,a=n&&n[r],o=m(e);if(o||b(e)){let n=o&&nn(e),r=!1,s=!1;n&&(r=!an(e),s=rn(e),e=gt(e)),i=Array(e.length);for(let n=0,o=e.length;n<o;n++)i[n]=t(r?s?ln(cn(e[n])):cn(e[n]):e[n],n,void 0,a&&a[n])}else if(typeof e==`number`){if(!Number.isInteger(e)||e<0)i=[];else{i=Array(e);for(let n=0;n<e;n++)i[n]=t(n+1,n,void 0,a&&a[n])}}else if(S(e)){if(e[Symbol.iterator])i=Array.from(e,(e,n)=>t(e,n,void 0,a&&a[n]));else{let n=Object.keys(e);i=Array(n.length);for(let r=0,o=n.length;r<o;r++){let o=n[r];i[r]=t(e[o],o,r,a&&a[r])}}}else i=[];return n&&(n[r]=i),i}function ba(e,t){for(let n=0;n<t.length;n++){let r=t[n];if(m(r))for(let t=0;t<r.length;t++)e[r[t].name]=r[t].fn;else r&&(e[r.name]=r.key?(...e)=>{let t=r.fn(...e);return t&&(t.key=r.key),t}:r.fn)}return e}function xa(e,t,n,r,i,a){if(n??={},mr.ce||mr.parent&&Vi(mr.parent)&&mr.parent.ce){let e=a!=null&&n.key==null?u({},n,{key:a}):n,i=Object.keys(e).length>0;return t!=="default"&&(e.name=t),Ss(),Os(_s,null,[z(`slot`,e,r&&r())],i?-2:64)}let o=e[t];o&&o._c&&(o._d=!1);let s=bs.length;Ss();let c;try{let i=o&&Sa(o(n)),s=n.key||a||i&&i.key;c=Os(_s,{key:(s&&!x(s)?s:`_${t}`)+(!i&&r?`_fb`:``)},i||(r?r():[]),i&&e._===1?64:-2)}catch(e){for(let e=bs.length;e>s;e--)Cs();throw e}finally{o&&o._c&&(o._d=!0)}return!i&&c.scopeId&&(c.slotScopeIds=[c.scopeId+`-s`]),c}function Sa(e){return e.some(e=>!ks(e)||!(e.type===R||e.type===_s&&!Sa(e.children)))?e:null}function Ca(e,t){let n={};for(let r in e)n[t&&/[A-Z]/.test(r)?`on:${r}`:ie(r)]=e[r];return n}var wa=e=>e?tc(e)?mc(e):wa(e.parent):null,Ta=u(Object.create(null),{$:e=>e,$el:e=>e.vnode.el,$data:e=>e.data,$props:e=>e.props,$attrs:e=>e.attrs,$slots:e=>e.slots,$refs:e=>e.refs,$parent:e=>wa(e.parent),$root:e=>wa(e.root),$host:e=>e.ce,$emit:e=>e.emit,$options:e=>Ya(e),$forceUpdate:e=>e.f||=()=>{nr(e.update)},$nextTick:e=>e.n||=er.bind(e.proxy),$watch:e=>Mr.bind(e)}),Ea=(e,t)=>e!==i&&!e.__isScriptSetup&&p(e,t),Da={get({_:e},t){if(t===`__v_skip`)return!0;let{ctx:n,setupState:r,data:a,props:o,accessCache:s,type:c,appContext:l}=e;if(t[0]!==`$`){let e=s[t];if(e!==void 0)switch(e){case 1:return r[t];case 2:return a[t];case 4:return n[t];case 3:return o[t]}else if(Ea(r,t))return s[t]=1,r[t];else if(a!==i&&p(a,t))return s[t]=2,a[t];else if(p(o,t))return s[t]=3,o[t];else if(n!==i&&p(n,t))return s[t]=4,n[t];else Wa&&(s[t]=0)}let u=Ta[t],d,f;if(u)return t===`$attrs`&&ft(e.attrs,`get`,``),u(e);if((d=c.__cssModules)&&(d=d[t]))return d;if(n!==i&&p(n,t))return s[t]=4,n[t];if(f=l.config.globalProperties,p(f,t))return f[t]},set({_:e},t,n){let{data:r,setupState:a,ctx:o}=e;return Ea(a,t)?(a[t]=n,!0):r!==i&&p(r,t)?(r[t]=n,!0):p(e.props,t)||t[0]===`$`&&t.slice(1)in e?!1:(o[t]=n,!0)},has({_:{data:e,setupState:t,accessCache:n,ctx:r,appContext:a,props:o,type:s}},c){let l;return!!(n[c]||e!==i&&c[0]!==`$`&&p(e,c)||Ea(t,c)||p(o,c)||p(r,c)||p(Ta,c)||p(a.config.globalProperties,c)||(l=s.__cssModules)&&l[c])},defineProperty(e,t,n){return n.get==null?p(n,`value`)&&this.set(e,t,n.value,null):e._.accessCache[t]=0,Reflect.defineProperty(e,t,n)}},Oa=u({},Da,{get(e,t){if(t!==Symbol.unscopables)return Da.get(e,t,e)},has(e,t){return t[0]!==`_`&&!ue(t)}});function ka(){return null}function Aa(){return null}function ja(e){}function Ma(e){}function Na(){return null}function Pa(){}function Fa(e,t){return null}function Ia(){return Ra(`useSlots`).slots}function La(){return Ra(`useAttrs`).attrs}function Ra(e){let t=B();return t.setupContext||=pc(t)}function za(e){return m(e)?e.reduce((e,t)=>(e[t]=null,e),{}):e}function Ba(e,t){let n=za(e);for(let e in t){if(e.startsWith(`__skip`))continue;let r=n[e];r?m(r)||y(r)?r=n[e]={type:r,default:t[e]}:r.default=t[e]:r===null&&(r=n[e]={default:t[e]}),r&&t[`__skip_${e}`]&&(r.skipFactory=!0)}return n}function Va(e,t){return!e||!t?e||t:m(e)&&m(t)?e.concat(t):u({},za(e),za(t))}function Ha(e,t){let n={};for(let r in e)t.includes(r)||Object.defineProperty(n,r,{enumerable:!0,get:()=>e[r]});return n}function Ua(e){let t=B(),n=nc,r=e();ec(),n&&Qs(!1);let i=()=>{$s(t),n&&Qs(!0)},a=()=>{B()!==t&&t.scope.off(),ec(),n&&Qs(!1)};return C(r)&&(r=r.catch(e=>{throw i(),Promise.resolve().then(()=>Promise.resolve().then(a)),e})),[r,()=>{i(),Promise.resolve().then(a)}]}var Wa=!0;function Ga(e){let t=Ya(e),n=e.proxy,r=e.ctx;Wa=!1,t.beforeCreate&&qa(t.beforeCreate,e,`bc`);let{data:i,computed:a,methods:s,watch:c,provide:l,inject:u,created:d,beforeMount:f,mounted:p,beforeUpdate:h,updated:g,activated:_,deactivated:v,beforeDestroy:b,beforeUnmount:x,destroyed:C,unmounted:w,render:T,renderTracked:E,renderTriggered:D,errorCaptured:O,serverPrefetch:ee,expose:te,inheritAttrs:ne,components:k,directives:re,filters:A}=t;if(u&&Ka(u,r,null),s)for(let e in s){let t=s[e];y(t)&&(r[e]=t.bind(n))}if(i){let t=i.call(n,n);S(t)&&(e.data=Zt(t))}if(Wa=!0,a)for(let e in a){let t=a[e],i=V({get:y(t)?t.bind(n,n):y(t.get)?t.get.bind(n,n):o,set:!y(t)&&y(t.set)?t.set.bind(n):o});Object.defineProperty(r,e,{enumerable:!0,configurable:!0,get:()=>i.value,set:e=>i.value=e})}if(c)for(let e in c)Ja(c[e],r,n,e);if(l){let e=y(l)?l.call(n):l;Reflect.ownKeys(e).forEach(t=>{Cr(t,e[t])})}d&&qa(d,e,`c`);function j(e,t){m(t)?t.forEach(t=>e(t.bind(n))):t&&e(t.bind(n))}if(j(ta,f),j(na,p),j(ra,h),j(ia,g),j(qi,_),j(Ji,v),j(ua,O),j(la,E),j(ca,D),j(aa,x),j(oa,w),j(sa,ee),m(te)){if(te.length){let t=e.exposed||={};te.forEach(e=>{Object.defineProperty(t,e,{get:()=>n[e],set:t=>n[e]=t,enumerable:!0})})}else e.exposed||={}}T&&e.render===o&&(e.render=T),ne!=null&&(e.inheritAttrs=ne),k&&(e.components=k),re&&(e.directives=re),ee&&di(e)}function Ka(e,t,n=o){m(e)&&(e=eo(e));for(let n in e){let r=e[n],i;i=S(r)?`default`in r?L(r.from||n,r.default,!0):L(r.from||n):L(r),I(i)?Object.defineProperty(t,n,{enumerable:!0,configurable:!0,get:()=>i.value,set:e=>i.value=e}):t[n]=i}}function qa(e,t,n){Wn(m(e)?e.map(e=>e.bind(t.proxy)):e.bind(t.proxy),t,n)}function Ja(e,t,n,r){let i=r.includes(`.`)?Nr(n,r):()=>n[r];if(b(e)){let n=t[e];y(n)&&Ar(i,n)}else if(y(e))Ar(i,e.bind(n));else if(S(e)){if(m(e))e.forEach(e=>Ja(e,t,n,r));else{let r=y(e.handler)?e.handler.bind(n):t[e.handler];y(r)&&Ar(i,r,e)}}}function Ya(e){let t=e.type,{mixins:n,extends:r}=t,{mixins:i,optionsCache:a,config:{optionMergeStrategies:o}}=e.appContext,s=a.get(t),c;return s?c=s:!i.length&&!n&&!r?c=t:(c={},i.length&&i.forEach(e=>Xa(c,e,o,!0)),Xa(c,t,o)),S(t)&&a.set(t,c),c}function Xa(e,t,n,r=!1){let{mixins:i,extends:a}=t;a&&Xa(e,a,n,!0),i&&i.forEach(t=>Xa(e,t,n,!0));for(let i in t)if(!(r&&i===`expose`)){let r=Za[i]||n&&n[i];e[i]=r?r(e[i],t[i]):t[i]}return e}var Za={data:Qa,props:ro,emits:ro,methods:no,computed:no,beforeCreate:to,created:to,beforeMount:to,mounted:to,beforeUpdate:to,updated:to,beforeDestroy:to,beforeUnmount:to,destroyed:to,unmounted:to,activated:to,deactivated:to,errorCaptured:to,serverPrefetch:to,components:no,directives:no,watch:io,provide:Qa,inject:$a};function Qa(e,t){return t?e?function(){return u(y(e)?e.call(this,this):e,y(t)?t.call(this,this):t)}:t:e}function $a(e,t){return no(eo(e),eo(t))}function eo(e){if(m(e)){let t={};for(let n=0;n<e.length;n++)t[e[n]]=e[n];return t}return e}function to(e,t){return e?[...new Set([].concat(e,t))]:t}function no(e,t){return e?u(Object.create(null),e,t):t}function ro(e,t){return e?m(e)&&m(t)?[...new Set([...e,...t])]:u(Object.create(null),za(e),za(t??{})):t}function io(e,t){if(!e)return t;if(!t)return e;let n=u(Object.create(null),e);for(let r in t)n[r]=to(e[r],t[r]);return n}function ao(){return{app:null,config:{isNativeTag:s,performance:!1,globalProperties:{},optionMergeStrategies:{},errorHandler:void 0,warnHandler:void 0,compilerOptions:{}},mixins:[],components:{},directives:{},provides:Object.create(null),optionsCache:new WeakMap,propsCache:new WeakMap,emitsCache:new WeakMap}}var oo=0;function so(e,t){return function(n,r=null){y(n)||(n=u({},n)),r!=null&&!S(r)&&(r=null);let i=ao(),a=new WeakSet,o=[],s=!1,c=i.app={_uid:oo++,_component:n,_props:r,_container:null,_context:i,_instance:null,version:xc,get config(){return i.config},set config(e){},use(e,...t){return a.has(e)||(e&&y(e.install)?(a.add(e),e.install(c,...t)):y(e)&&(a.add(e),e(c,...t))),c},mixin(e){return i.mixins.includes(e)||i.mixins.push(e),c},component(e,t){return t?(i.components[e]=t,c):i.components[e]},directive(e,t){return t?(i.directives[e]=t,c):i.directives[e]},mount(a,o,l){if(!s){let u=c._ceVNode||z(n,r);return u.appContext=i,l===!0?l=`svg`:l===!1&&(l=void 0),o&&t?t(u,a):e(u,a,l),s=!0,c._container=a,a.__vue_app__=c,mc(u.component)}},onUnmount(e){o.push(e)},unmount(){s&&(Wn(o,c._instance,16),e(null,c._container),delete c._container.__vue_app__)},provide(e,t){return i.provides[e]=t,c},runWithContext(e){let t=co;co=c;try{return e()}finally{co=t}}};return c}}var co=null;function lo(e,t,n=i){let r=B(),a=k(t),o=A(t),s=uo(e,a),c=bn((s,c)=>{let l,u=i,d;return kr(()=>{let t=e[a];M(l,t)&&(l=t,c())}),{get(){return s(),n.get?n.get(l):l},set(e){let s=n.set?n.set(e):e;if(!M(s,l)&&!(u!==i&&M(e,u)))return;let f=r.vnode.props,p=!!(f&&(t in f||a in f||o in f)&&(`onUpdate:${t}`in f||`onUpdate:${a}`in f||`onUpdate:${o}`in f));p||(l=e,c()),r.emit(`update:${t}`,s),M(e,u)&&(M(e,s)&&!M(s,d)||p&&u!==i&&!M(s,l))&&c(),u=e,d=s}}});return c[Symbol.iterator]=()=>{let e=0;return{next(){return e<2?{value:e++?s||i:c,done:!1}:{done:!0}}}},c}var uo=(e,t)=>t===`modelValue`||t===`model-value`?e.modelModifiers:e[`${t}Modifiers`]||e[`${k(t)}Modifiers`]||e[`${A(t)}Modifiers`];function fo(e,t,...n){if(e.isUnmounted)return;let r=e.vnode.props||i,a=n,o=t.startsWith(`update:`),s=o&&uo(r,t.slice(7));s&&(s.trim&&(a=n.map(e=>b(e)?e.trim():e)),s.number&&(a=a.map(se)));let c,l=r[c=ie(t)]||r[c=ie(k(t))];!l&&o&&(l=r[c=ie(A(t))]),l&&Wn(l,e,6,a);let u=r[c+`Once`];if(u){if(!e.emitted)e.emitted={};else if(e.emitted[c])return;e.emitted[c]=!0,Wn(u,e,6,a)}}var po=new WeakMap;function mo(e,t,n=!1){let r=n?po:t.emitsCache,i=r.get(e);if(i!==void 0)return i;let a=e.emits,o={},s=!1;if(!y(e)){let r=e=>{let n=mo(e,t,!0);n&&(s=!0,u(o,n))};!n&&t.mixins.length&&t.mixins.forEach(r),e.extends&&r(e.extends),e.mixins&&e.mixins.forEach(r)}return!a&&!s?(S(e)&&r.set(e,null),null):(m(a)?a.forEach(e=>o[e]=null):u(o,a),S(e)&&r.set(e,o),o)}function ho(e,t){return!e||!c(t)?!1:(t=t.slice(2),t=t===`Once`?t:t.replace(/Once$/,``),p(e,t[0].toLowerCase()+t.slice(1))||p(e,A(t))||p(e,t))}function go(e){let{type:t,vnode:n,proxy:r,withProxy:i,propsOptions:[a],slots:o,attrs:s,emit:c,render:u,renderCache:d,props:f,data:p,setupState:m,ctx:h,inheritAttrs:g}=e,_=gr(e),v,y;try{if(n.shapeFlag&4){let e=i||r,t=e;v=Vs(u.call(t,e,d,f,m,p,h)),y=s}else{let e=t;v=Vs(e.length>1?e(f,{attrs:s,slots:o,emit:c}):e(f,null)),y=t.props?s:vo(s)}}catch(t){bs.length=0,Gn(t,e,1),v=z(R)}let b=v;if(y&&g!==!1){let e=Object.keys(y),{shapeFlag:t}=b;e.length&&t&7&&(a&&e.some(l)&&(y=yo(y,a)),b=Ls(b,y,!1,!0))}return n.dirs&&(b=Ls(b,null,!1,!0),b.dirs=b.dirs?b.dirs.concat(n.dirs):n.dirs),n.transition&&oi(Ir(b.type)&&ai(b)||b,n.transition),v=b,gr(_),v}function _o(e,t=!0){let n;for(let t=0;t<e.length;t++){let r=e[t];if(ks(r)){if(r.type!==R||r.children===`v-if`){if(n)return;n=r}}else return}return n}var vo=e=>{let t;for(let n in e)(n===`class`||n===`style`||c(n))&&((t||={})[n]=e[n]);return t},yo=(e,t)=>{let n={};for(let r in e)l(r)&&r.slice(9)in t||(n[r]=e[r]);return n};function bo(e,t,n){let{props:r,children:i,component:a}=e,{props:o,children:s,patchFlag:c}=t,l=a.emitsOptions;if(t.dirs||t.transition)return!0;if(n&&c>=0){if(c&1024)return!0;if(c&16)return r?xo(r,o,l):!!o;if(c&8){let e=t.dynamicProps;for(let t=0;t<e.length;t++){let n=e[t];if(So(o,r,n)&&!ho(l,n))return!0}}}else return(i||s)&&(!s||!s.$stable)?!0:r===o?!1:r?!o||xo(r,o,l):!!o;return!1}function xo(e,t,n){let r=Object.keys(t);if(r.length!==Object.keys(e).length)return!0;for(let i=0;i<r.length;i++){let a=r[i];if(!p(e,a)||So(t,e,a)&&!ho(n,a))return!0}return!1}function So(e,t,n){let r=e[n],i=t[n];return n===`style`&&S(r)&&S(i)?!Te(r,i):r!==i}function Co({vnode:e,parent:t,suspense:n},r){for(;t;){let n=t.subTree;if(n.suspense&&n.suspense.activeBranch===e&&(n.suspense.vnode.el=n.el=r,e=n),n===e)(e=t.vnode).el=r,t=t.parent;else break}n&&n.activeBranch===e&&(n.vnode.el=r)}var wo={},To=()=>Object.create(wo),Eo=e=>Object.getPrototypeOf(e)===wo;function Do(e,t,n,r=!1){let i={},a=To();e.propsDefaults=Object.create(null),ko(e,t,i,a);for(let t in e.propsOptions[0])t in i||(i[t]=void 0);e.props=n?r?i:Qt(i):e.type.props?i:a,e.attrs=a}function Oo(e,t,n,r){let{props:i,attrs:a,vnode:{patchFlag:o}}=e,s=F(i),[c]=e.propsOptions,l=!1;if((r||o>0)&&!(o&16)){if(o&8){let n=e.vnode.dynamicProps;for(let r=0;r<n.length;r++){let o=n[r];if(ho(e.emitsOptions,o))continue;let u=t[o];if(c){if(p(a,o))u!==a[o]&&(a[o]=u,l=!0);else{let t=k(o);i[t]=Ao(c,s,t,u,e,!1)}}else u!==a[o]&&(a[o]=u,l=!0)}}}else{ko(e,t,i,a)&&(l=!0);let r;for(let a in s)t&&(p(t,a)||(r=A(a))!==a&&p(t,r))||(c?n&&(n[a]!==void 0||n[r]!==void 0)&&(i[a]=Ao(c,s,a,void 0,e,!0)):delete i[a]);if(a!==s)for(let e in a)t&&p(t,e)||(delete a[e],l=!0)}l&&pt(e.attrs,`set`,``)}function ko(e,t,n,r){let[a,o]=e.propsOptions,s=!1,c;if(t)for(let i in t){if(ee(i))continue;let l=t[i],u;a&&p(a,u=k(i))?!o||!o.includes(u)?n[u]=l:(c||={})[u]=l:ho(e.emitsOptions,i)||i in r&&l===r[i]||(r[i]=l,s=!0)}if(o){let t=F(n),r=c||i;for(let i=0;i<o.length;i++){let s=o[i];n[s]=Ao(a,t,s,r[s],e,!p(r,s))}}return s}function Ao(e,t,n,r,i,a){let o=e[n];if(o!=null){let e=p(o,`default`);if(e&&r===void 0){let e=o.default;if(o.type!==Function&&!o.skipFactory&&y(e)){let{propsDefaults:a}=i;if(n in a)r=a[n];else{let o=$s(i);r=a[n]=e.call(null,t),o()}}else r=e;i.ce&&i.ce._setProp(n,r)}o[0]&&(a&&!e?r=!1:o[1]&&(r===``||r===A(n))&&(r=!0))}return r}var jo=new WeakMap;function Mo(e,t,n=!1){let r=n?jo:t.propsCache,o=r.get(e);if(o)return o;let s=e.props,c={},l=[],d=!1;if(!y(e)){let r=e=>{d=!0;let[n,r]=Mo(e,t,!0);u(c,n),r&&l.push(...r)};!n&&t.mixins.length&&t.mixins.forEach(r),e.extends&&r(e.extends),e.mixins&&e.mixins.forEach(r)}if(!s&&!d)return S(e)&&r.set(e,a),a;if(m(s))for(let e=0;e<s.length;e++){let t=k(s[e]);No(t)&&(c[t]=i)}else if(s)for(let e in s){let t=k(e);if(No(t)){let n=s[e],r=c[t]=m(n)||y(n)?{type:n}:u({},n),i=r.type,a=!1,o=!0;if(m(i))for(let e=0;e<i.length;++e){let t=i[e],n=y(t)&&t.name;if(n===`Boolean`){a=!0;break}n===`String`&&(o=!1)}else a=y(i)&&i.name===`Boolean`;r[0]=a,r[1]=o,(a||p(r,`default`))&&l.push(t)}}let f=[c,l];return S(e)&&r.set(e,f),f}function No(e){return e[0]!==`$`&&!ee(e)}var Po=e=>e===`_`||e===`_ctx`||e===`$stable`,Fo=e=>m(e)?e.map(Vs):[Vs(e)],Io=(e,t,n)=>{if(t._n)return t;let r=br((...e)=>Fo(t(...e)),n);return r._c=!1,r},Lo=(e,t,n)=>{let r=e._ctx;for(let n in e){if(Po(n))continue;let i=e[n];if(y(i))t[n]=Io(n,i,r);else if(i!=null){let e=Fo(i);t[n]=()=>e}}},Ro=(e,t)=>{let n=Fo(t);e.slots.default=()=>n},zo=(e,t,n)=>{for(let r in t)(n||!Po(r))&&(e[r]=t[r])},Bo=(e,t,n)=>{let r=e.slots=To();if(e.vnode.shapeFlag&32){let e=t._;e?(zo(r,t,n),n&&oe(r,`_`,e,!0)):Lo(t,r)}else t&&Ro(e,t)},Vo=(e,t,n)=>{let{vnode:r,slots:a}=e,o=!0,s=i;if(r.shapeFlag&32){let e=t._;e?n&&e===1?o=!1:zo(a,t,n):(o=!t.$stable,Lo(t,a)),s=t}else t&&(Ro(e,t),s={default:1});if(o)for(let e in a)!Po(e)&&s[e]==null&&delete a[e]},Ho=ms;function Uo(e){return Go(e)}function Wo(e){return Go(e,Ci)}function Go(e,t){let n=N();n.__VUE__=!0;let{insert:r,remove:s,patchProp:c,createElement:l,createText:u,createComment:d,setText:f,setElementText:p,parentNode:m,nextSibling:h,setScopeId:g=o,insertStaticContent:_}=e,v=(e,t,n,r=null,i=null,o=null,s=void 0,c=null,l=!!t.dynamicChildren)=>{if(e===t)return;e&&!As(e,t)&&(r=he(e),ue(e,i,o,!0),e=null),t.patchFlag===-2&&(l=!1,t.dynamicChildren=null),t.dynamicChildren&&e&&e.dynamicChildren&&e.dynamicChildren.hasOnce&&(t.dynamicChildren===a&&(t.dynamicChildren=[]),t.dynamicChildren.hasOnce=!0);let{type:u,ref:d,shapeFlag:f}=t;switch(u){case vs:y(e,t,n,r);break;case R:b(e,t,n,r);break;case ys:e??x(t,n,r,s);break;case _s:k(e,t,n,r,i,o,s,c,l);break;default:f&1?w(e,t,n,r,i,o,s,c,l):f&6?re(e,t,n,r,i,o,s,c,l):(f&64||f&128)&&u.process(e,t,n,r,i,o,s,c,l,_e)}d!=null&&i?hi(d,e&&e.ref,o,t||e,!t):d==null&&e&&e.ref!=null&&hi(e.ref,null,o,e,!0)},y=(e,t,n,i)=>{if(e==null)r(t.el=u(t.children),n,i);else{let n=t.el=e.el;t.children!==e.children&&f(n,t.children)}},b=(e,t,n,i)=>{e==null?r(t.el=d(t.children||``),n,i):t.el=e.el},x=(e,t,n,r)=>{[e.el,e.anchor]=_(e.children,t,n,r,e.el,e.anchor)},S=({el:e,anchor:t},n,i)=>{let a;for(;e&&e!==t;)a=h(e),r(e,n,i),e=a;r(t,n,i)},C=({el:e,anchor:t})=>{let n;for(;e&&e!==t;)n=h(e),s(e),e=n;s(t)},w=(e,t,n,r,i,a,o,s,c)=>{if(t.type===`svg`?o=`svg`:t.type===`math`&&(o=`mathml`),e==null)T(t,n,r,i,a,o,s,c);else{let n=e.el&&e.el._isVueCE?e.el:null;try{n&&n._beginPatch(),O(e,t,i,a,o,s,c)}finally{n&&n._endPatch()}}},T=(e,t,n,i,a,o,s,u)=>{let d,f,{props:m,shapeFlag:h,transition:g,dirs:_}=e;if(d=e.el=l(e.type,o,m&&m.is,m),h&8?p(d,e.children):h&16&&D(e.children,d,null,i,a,Ko(e,o),s,u),_&&Sr(e,null,i,`created`),E(d,e,e.scopeId,s,i),m){for(let e in m)e!==`value`&&!ee(e)&&c(d,e,null,m[e],o,i);`value`in m&&c(d,`value`,null,m.value,o),(f=m.onVnodeBeforeMount)&&Gs(f,i,e)}_&&Sr(e,null,i,`beforeMount`);let v=Jo(a,g);v?g.beforeEnter(d):g&&!g.persisted&&(d[ns]=!0),r(d,t,n),((f=m&&m.onVnodeMounted)||v||_)&&Ho(()=>{try{f&&Gs(f,i,e),v&&g.enter(d),_&&Sr(e,null,i,`mounted`)}finally{}},a)},E=(e,t,n,r,i)=>{if(n&&g(e,n),r)for(let t=0;t<r.length;t++)g(e,r[t]);if(i){let n=i.subTree;if(t===n||es(n.type)&&(n.ssContent===t||n.ssFallback===t)){let t=i.vnode;E(e,t,t.scopeId,t.slotScopeIds,i.parent)}}},D=(e,t,n,r,i,a,o,s,c=0)=>{for(let l=c;l<e.length;l++){let c=e[l]=s?Hs(e[l]):Vs(e[l]);v(null,c,t,n,r,i,a,o,s)}},O=(e,t,n,r,a,o,s)=>{let l=t.el=e.el,{patchFlag:u,dynamicChildren:d,dirs:f}=t;u|=e.patchFlag&16;let m=e.props||i,h=t.props||i,g;if(n&&qo(n,!1),(g=h.onVnodeBeforeUpdate)&&Gs(g,n,t,e),f&&Sr(t,e,n,`beforeUpdate`),n&&qo(n,!0),d&&(!e.dynamicChildren||e.dynamicChildren.length!==d.length)&&(u=0,s=!1,d=null),(m.innerHTML&&h.innerHTML==null||m.textContent&&h.textContent==null)&&p(l,``),d?te(e.dynamicChildren,d,l,n,r,Ko(t,a),o):s||oe(e,t,l,null,n,r,Ko(t,a),o,!1),u>0){if(u&16)ne(l,m,h,n,a);else if(u&2&&m.class!==h.class&&c(l,`class`,null,h.class,a),u&4&&c(l,`style`,m.style,h.style,a),u&8){let e=t.dynamicProps;for(let t=0;t<e.length;t++){let r=e[t],i=m[r],o=h[r];(o!==i||r===`value`)&&c(l,r,i,o,a,n)}}u&1&&e.children!==t.children&&p(l,t.children)}else!s&&d==null&&ne(l,m,h,n,a);((g=h.onVnodeUpdated)||f)&&Ho(()=>{g&&Gs(g,n,t,e),f&&Sr(t,e,n,`updated`)},r)},te=(e,t,n,r,i,a,o)=>{for(let s=0;s<t.length;s++){let c=e[s],l=t[s],u=c.el||$o(c),d=u&&(c.type===_s||!As(c,l)||c.shapeFlag&198)?m(u):n;v(c,l,d,null,r,i,a,o,!0)}},ne=(e,t,n,r,a)=>{if(t!==n){if(t!==i)for(let i in t)!ee(i)&&!(i in n)&&c(e,i,t[i],null,a,r);for(let i in n){if(ee(i))continue;let o=n[i],s=t[i];o!==s&&i!==`value`&&c(e,i,s,o,a,r)}`value`in n&&c(e,`value`,t.value,n.value,a)}},k=(e,t,n,i,a,o,s,c,l)=>{let d=t.el=e?e.el:u(``),f=t.anchor=e?e.anchor:u(``),{patchFlag:p,dynamicChildren:m,slotScopeIds:h}=t;h&&(c=c?c.concat(h):h),e==null?(r(d,n,i),r(f,n,i),D(t.children||[],n,f,a,o,s,c,l)):p>0&&p&64&&m&&e.dynamicChildren&&e.dynamicChildren.length===m.length?(te(e.dynamicChildren,m,n,a,o,s,c),(t.key!=null||a&&t===a.subTree)&&Yo(e,t,!0)):oe(e,t,n,f,a,o,s,c,l)},re=(e,t,n,r,i,a,o,s,c)=>{t.slotScopeIds=s,e==null?t.shapeFlag&512?i.ctx.activate(t,n,r,o,c):A(t,n,r,i,a,o,c):j(e,t,c)},A=(e,t,n,r,i,a,o)=>{let s=e.component=Ys(e,r,i);if(Wi(e)&&(s.ctx.renderer=_e),rc(s,!1,o),s.asyncDep){if(i&&i.registerDep(s,ie,o,a),!e.el){let r=s.subTree=z(R);b(null,r,t,n),e.placeholder=r.el}}else ie(s,e,t,n,i,a,o)},j=(e,t,n)=>{let r=t.component=e.component;if(bo(e,t,n)){if(r.asyncDep&&!r.asyncResolved){t.el=e.el,t.placeholder=e.placeholder,M(r,t,n);return}r.next=t,r.update()}else t.el=e.el,t.placeholder=e.placeholder,r.vnode=t},ie=(e,t,n,r,i,a,o)=>{let s=()=>{if(e.isMounted){let{next:t,bu:n,u:r,parent:s,vnode:c}=e;{let n=Zo(e);if(n){t&&(t.el=c.el,M(e,t,o)),n.asyncDep.then(()=>{let t=()=>{e.job.flags&8||(i&&i.pendingBranch?Ho(t,i):l())};t.flags=48,Ho(t,i)});return}}let u=t,d;qo(e,!1),t?(t.el=c.el,M(e,t,o)):t=c,n&&ae(n),(d=t.props&&t.props.onVnodeBeforeUpdate)&&Gs(d,s,t,c),qo(e,!0);let f=go(e),p=e.subTree;e.subTree=f,v(p,f,m(p.el||$o(p)),he(p),e,i,a),t.el=f.el,u===null&&Co(e,f.el),r&&Ho(r,i),(d=t.props&&t.props.onVnodeUpdated)&&Ho(()=>Gs(d,s,t,c),i)}else{let o,{el:s,props:c}=t,{bm:l,m:u,parent:d,root:f,type:p}=e,m=Vi(t);if(qo(e,!1),l&&ae(l),!m&&(o=c&&c.onVnodeBeforeMount)&&Gs(o,d,t),qo(e,!0),s&&ye){let t=()=>{e.subTree=go(e),ye(s,e.subTree,e,i,null)};m&&p.__asyncHydrate?p.__asyncHydrate(s,e,t):t()}else{f.ce&&f.ce._hasShadowRoot()&&f.ce._injectChildStyle(p,e.parent?e.parent.type:void 0);let o=e.subTree=go(e);v(null,o,n,r,e,i,a),t.el=o.el}if(u&&Ho(u,i),!m&&(o=c&&c.onVnodeMounted)){let e=t;Ho(()=>Gs(o,d,e),i)}(t.shapeFlag&256||d&&Vi(d.vnode)&&d.vnode.shapeFlag&256)&&e.a&&Ho(e.a,i),e.isMounted=!0,t=n=r=null}};e.scope.on();let c=e.effect=new Re(s);e.scope.off();let l=e.update=c.run.bind(c),u=e.job=c.runIfDirty.bind(c);u.i=e,u.id=e.uid,c.scheduler=()=>nr(u),qo(e,!0),l()},M=(e,t,n)=>{t.component=e;let r=e.vnode.props;e.vnode=t,e.next=null,Oo(e,t.props,r,n),Vo(e,t.children,n),tt(),ar(e),nt()},oe=(e,t,n,r,i,a,o,s,c=!1)=>{let l=e&&e.children,u=e?e.shapeFlag:0,d=t.children,{patchFlag:f,shapeFlag:m}=t;if(f>0){if(f&128){ce(l,d,n,r,i,a,o,s,c);return}if(f&256){se(l,d,n,r,i,a,o,s,c);return}}m&8?(u&16&&me(l,i,a),d!==l&&p(n,d)):u&16?m&16?ce(l,d,n,r,i,a,o,s,c):me(l,i,a,!0):(u&8&&p(n,``),m&16&&D(d,n,r,i,a,o,s,c))},se=(e,t,n,r,i,o,s,c,l)=>{e||=a,t||=a;let u=e.length,d=t.length,f=Math.min(u,d),p=0;for(;p<f;p++){let r=t[p]=l?Hs(t[p]):Vs(t[p]);v(e[p],r,n,null,i,o,s,c,l)}u>d?me(e,i,o,!0,!1,f):D(t,n,r,i,o,s,c,l,f)},ce=(e,t,n,r,i,o,s,c,l)=>{let u=0,d=t.length,f=e.length-1,p=d-1;for(;u<=f&&u<=p;){let r=e[u],a=t[u]=l?Hs(t[u]):Vs(t[u]);if(As(r,a))v(r,a,n,null,i,o,s,c,l);else break;u++}for(;u<=f&&u<=p;){let r=e[f],a=t[p]=l?Hs(t[p]):Vs(t[p]);if(As(r,a))v(r,a,n,null,i,o,s,c,l);else break;f--,p--}if(u>f){if(u<=p){let e=p+1,a=e<d?t[e].el:r;for(;u<=p;)v(null,t[u]=l?Hs(t[u]):Vs(t[u]),n,a,i,o,s,c,l),u++}}else if(u>p)for(;u<=f;)ue(e[u],i,o,!0),u++;else{let m=u,h=u,g=new Map;for(u=h;u<=p;u++){let e=t[u]=l?Hs(t[u]):Vs(t[u]);e.key!=null&&g.set(e.key,u)}let _,y=0,b=p-h+1,x=!1,S=0,C=Array(b);for(u=0;u<b;u++)C[u]=0;for(u=m;u<=f;u++){let r=e[u];if(y>=b){ue(r,i,o,!0);continue}let a;if(r.key!=null)a=g.get(r.key);else for(_=h;_<=p;_++)if(C[_-h]===0&&As(r,t[_])){a=_;break}a===void 0?ue(r,i,o,!0):(C[a-h]=u+1,a>=S?S=a:x=!0,v(r,t[a],n,null,i,o,s,c,l),y++)}let w=x?Xo(C):a;for(_=w.length-1,u=b-1;u>=0;u--){let e=h+u,a=t[e],f=t[e+1],p=e+1<d?f.el||$o(f):r;C[u]===0?v(null,a,n,p,i,o,s,c,l):x&&(_<0||u!==w[_]?le(a,n,p,2):_--)}}},le=(e,t,n,i,a=null)=>{let{el:o,type:c,transition:l,children:u,shapeFlag:d}=e;if(d&6)le(e.component.subTree,t,n,i);else if(d&128)e.suspense.move(t,n,i);else if(d&64)c.move(e,t,n,_e);else if(c===_s){r(o,t,n);for(let e=0;e<u.length;e++)le(u[e],t,n,i);r(e.anchor,t,n)}else if(c===ys)S(e,t,n);else if(i!==2&&d&1&&l){if(i===0)l.persisted&&!o[Jr]?r(o,t,n):(l.beforeEnter(o),r(o,t,n),Ho(()=>l.enter(o),a));else{let{leave:i,delayLeave:a,afterLeave:c}=l,u=()=>{e.ctx.isUnmounted?s(o):r(o,t,n)},d=()=>{let e=o._isLeaving||!!o[Jr];o._isLeaving&&o[Jr](!0),l.persisted&&!e?u():i(o,()=>{u(),c&&c()})};a?a(o,u,d):d()}}else r(o,t,n)},ue=(e,t,n,r=!1,i=!1)=>{let{type:a,props:o,ref:s,children:c,dynamicChildren:l,shapeFlag:u,patchFlag:d,dirs:f,cacheIndex:p,memo:m}=e;if((d===-2||l&&l.hasOnce)&&(i=!1),s!=null&&(tt(),hi(s,null,n,e,!0),nt()),p==null||e.ctx&&e.ctx!==t||(t.renderCache[p]=void 0),u&256&&t.ctx.deactivate(e))return;let h=u&1&&f,g=!Vi(e),_;if(g&&(_=o&&o.onVnodeBeforeUnmount)&&Gs(_,t,e),u&6)pe(e.component,n,r);else{if(u&128){e.suspense.unmount(n,r);return}h&&Sr(e,null,t,`beforeUnmount`),u&64?e.type.remove(e,t,n,_e,r):l&&!l.hasOnce&&(a!==_s||d>0&&d&64)?me(l,t,n,!1,!0):(a===_s&&d&384||!i&&u&16)&&me(c,t,n),r&&de(e)}let v=m!=null&&p==null;(g&&(_=o&&o.onVnodeUnmounted)||h||v)&&Ho(()=>{_&&Gs(_,t,e),h&&Sr(e,null,t,`unmounted`),v&&(e.el=null)},n)},de=e=>{let{type:t,el:n,anchor:r,transition:i}=e,a=t===_s;if(a&&!i){fe(n,r);return}if(t===ys){C(e),i&&!i.persisted&&i.afterLeave&&i.afterLeave();return}let o=a?ci(e):e,c=()=>{a?m(n)&&fe(n,r):s(n),i&&!i.persisted&&i.afterLeave&&i.afterLeave()};if(o&&o.shapeFlag&1&&i&&!i.persisted){let{leave:e,delayLeave:t}=i,n=o.el,r=()=>e(n,c);t?t(n,c,r):r()}else c()},fe=(e,t)=>{let n;for(;e!==t;)n=h(e),s(e),e=n;s(t)},pe=(e,t,n)=>{let{bum:r,scope:i,job:a,subTree:o,um:s,m:c,a:l}=e;Qo(c),Qo(l),r&&ae(r),i.stop(),a?(a.flags|=8,ue(o,e,t,n)):o&&(o.transition=e.vnode.transition,ue(o,e,t,n)),s&&Ho(s,t);let u=()=>{e.isUnmounted=!0};u.flags=16,Ho(u,t)},me=(e,t,n,r=!1,i=!1,a=0)=>{for(let o=a;o<e.length;o++)ue(e[o],t,n,r,i)},he=e=>{if(e.shapeFlag&6)return he(e.component.subTree);if(e.shapeFlag&128)return e.suspense.next();let t=h(e.anchor||e.el),n=t&&t[Fr];return n?h(n):t},ge=(e,t,n)=>{cr(()=>{e==null?t._vnode&&ue(t._vnode,null,null,!0):v(t._vnode||null,e,t,null,null,null,n),t._vnode=e},e&&t._vnode?void 0:e&&e.component?e.component.uid:Js())},_e={p:v,um:ue,m:le,r:de,mt:A,mc:D,pc:oe,pbc:te,n:he,o:e},ve,ye;return t&&([ve,ye]=t(_e)),{render:ge,hydrate:ve,createApp:so(ge,ve)}}function Ko({type:e,props:t},n){return n===`svg`&&e===`foreignObject`||n===`mathml`&&e===`annotation-xml`&&t&&t.encoding&&t.encoding.includes(`html`)?void 0:n}function qo({effect:e,job:t},n){n?(e.flags|=32,t.flags|=4):(e.flags&=-33,t.flags&=-5)}function Jo(e,t){return(!e||e&&!e.pendingBranch)&&t&&!t.persisted}function Yo(e,t,n=!1){let r=e.children,i=t.children;if(m(r)&&m(i))for(let e=0;e<r.length;e++){let t=r[e],a=i[e];a.shapeFlag&1&&!a.dynamicChildren&&((a.patchFlag<=0||a.patchFlag===32)&&(a=i[e]=Hs(i[e]),a.el=t.el),!n&&a.patchFlag!==-2&&Yo(t,a)),a.type===vs&&(a.patchFlag===-1&&(a=i[e]=Hs(a)),a.el=t.el),a.type===R&&!a.el&&(a.el=t.el)}}function Xo(e){let t=e.slice(),n=[0],r,i,a,o,s,c=e.length;for(r=0;r<c;r++){let c=e[r];if(c!==0){if(i=n[n.length-1],e[i]<c){t[r]=i,n.push(r);continue}for(a=0,o=n.length-1;a<o;)s=a+o>>1,e[n[s]]<c?a=s+1:o=s;c<e[n[a]]&&(a>0&&(t[r]=n[a-1]),n[a]=r)}}for(a=n.length,o=n[a-1];a-->0;)n[a]=o,o=t[o];return n}function Zo(e){let t=e.subTree.component;if(t)return t.asyncDep&&!t.asyncResolved?t:Zo(t)}function Qo(e){if(e)for(let t=0;t<e.length;t++)e[t].flags|=8}function $o(e){if(e.placeholder)return e.placeholder;let t=e.component;if(t)return $o(t.subTree);let n=e.suspense;return n&&n.activeBranch?$o(n.activeBranch):null}var es=e=>e.__isSuspense,ts=0,ns=Symbol(`_deferredEnter`),rs={name:`Suspense`,__isSuspense:!0,process(e,t,n,r,i,a,o,s,c,l){if(e==null)ss(t,n,r,i,a,o,s,c,l);else{let u=e.suspense;if(a&&a.deps>0&&!a.isHydrating){let n=u.parentComponent;if(n&&n.suspense===a&&n.suspenseId!==a.pendingId?a.pendingBranch&&!As(t.ssContent,u.pendingBranch||u.activeBranch):!u.isInFallback){t.suspense=u,u.vnode=t,t.el=e.el;return}}cs(e,t,n,r,i,o,s,c,l)}},hydrate:us,normalize:ds};function is(e,t){let n=e.props&&e.props[t];y(n)&&n()}function as(e){let t=[];os(e,t,!0),t.length&&ir(t)}function os(e,t,n){let{el:r,transition:i,children:a,shapeFlag:o}=e;if(o&6)os(e.component.subTree,t,n);else if(!(o&192)&&(o&1&&(!n&&r&&r[ns]&&(r[ns]=void 0,i&&!i.persisted&&(i.beforeEnter(r),t.push(()=>i.enter(r)))),n=!1),o&16))for(let e=0;e<a.length;e++)os(a[e],t,n)}function ss(e,t,n,r,i,a,o,s,c){let{p:l,o:{createElement:u}}=c,d=u(`div`),f=e.suspense=ls(e,i,r,t,d,n,a,o,s,c);l(null,f.pendingBranch=e.ssContent,d,null,r,f,a,o),f.deps>0?(is(e,`onPending`),is(e,`onFallback`),l(null,e.ssFallback,t,n,r,null,a,o),hs(f,e.ssFallback)):f.resolve(!1,!0)}function cs(e,t,n,r,i,a,o,s,{p:c,um:l,o:{createElement:u}}){let d=t.suspense=e.suspense;d.vnode=t,t.el=e.el;let f=t.ssContent,p=t.ssFallback,{activeBranch:m,pendingBranch:h,isInFallback:g,isHydrating:_}=d;if(h)d.pendingBranch=f,As(h,f)?(d.deps++,c(h,f,_?n:d.hiddenContainer,null,i,d,a,o,s),d.deps--,d.deps<=0?d.resolve():g&&!_&&!d.isFallbackMountPending&&(c(m,p,n,r,i,null,a,o,s),hs(d,p))):(d.pendingId=ts++,_?(d.isHydrating=!1,d.activeBranch=h):l(h,i,d),d.deps=0,ps(d),d.hiddenContainer=u(`div`),g?(c(null,f,d.hiddenContainer,null,i,d,a,o,s),d.deps<=0?d.resolve():d.isFallbackMountPending||(c(m,p,n,r,i,null,a,o,s),hs(d,p))):m&&As(m,f)?(c(m,f,n,r,i,d,a,o,s),d.resolve(!0)):(c(null,f,d.hiddenContainer,null,i,d,a,o,s),d.deps<=0&&d.resolve()));else if(m&&As(m,f))c(m,f,n,r,i,d,a,o,s),hs(d,f);else if(is(t,`onPending`),d.pendingBranch=f,d.pendingId=ts++,c(null,f,d.hiddenContainer,null,i,d,a,o,s),d.deps<=0)d.resolve();else{let{timeout:e}=d;e>0?d.timeoutTimer=setTimeout(()=>{d.timeoutTimer=void 0,d.fallback(d.vnode.ssFallback)},e):e===0&&d.fallback(p)}}function ls(e,t,n,r,i,a,o,s,c,l,u=!1){let{p:d,m:f,um:p,n:m,o:{parentNode:h,remove:g}}=l,_,v=gs(e);v&&t&&t.pendingBranch&&(_=t.pendingId,t.deps++);let y=e.props?ce(e.props.timeout):void 0,b=a,x={vnode:e,parent:t,parentComponent:n,namespace:o,container:r,hiddenContainer:i,deps:0,pendingId:ts++,timeout:typeof y==`number`?y:-1,timeoutTimer:void 0,activeBranch:null,isFallbackMountPending:!1,pendingBranch:null,isInFallback:!u,isHydrating:u,isUnmounted:!1,effects:[],resolve(e=!1,n=!1){let{vnode:r,activeBranch:i,pendingBranch:o,pendingId:s,effects:c,parentComponent:l,container:u,isInFallback:d}=x,g=!1;if(x.isHydrating)x.isHydrating=!1;else if(!e){g=i&&o.transition&&o.transition.mode===`out-in`;let e=!1;g&&(i.transition.afterLeave=()=>{s===x.pendingId&&!x.isUnmounted&&(as(o),f(o,u,a===b&&!e?m(i):a,0),ir(c),d&&r.ssFallback&&(r.ssFallback.el=null))}),i&&!x.isFallbackMountPending&&(h(i.el||$o(i))===u&&(a=m(i),e=!0),p(i,l,x,!0),!g&&d&&r.ssFallback&&Ho(()=>r.ssFallback.el=null,x)),g||(as(o),f(o,u,a,0))}clearTimeout(x.timeoutTimer),x.timeoutTimer=void 0,x.isFallbackMountPending=!1,hs(x,o),x.pendingBranch=null,x.isInFallback=!1;let y=0;for(let e=0;e<c.length;e++){let t=c[e];t.flags&32?ir(t):c[y++]=t}c.length=y;let S=x.parent,C=!1;for(;S;){if(S.pendingBranch){for(let e=0;e<c.length;e++)S.effects.push(c[e]);C=!0;break}S=S.parent}!C&&!g&&ir(c),x.effects=[],v&&t&&t.pendingBranch&&_===t.pendingId&&(_=void 0,t.deps--,t.deps===0&&!n&&t.resolve()),is(r,`onResolve`)},fallback(e){if(x.isUnmounted||!x.pendingBranch)return;let{vnode:t,activeBranch:n,parentComponent:r,container:i,namespace:a}=x;is(t,`onFallback`);let o=m(n),l=()=>{if(x.isFallbackMountPending=!1,x.isUnmounted||!x.isInFallback)return;let e=x.vnode.ssFallback;d(null,e,i,o,r,null,a,s,c),hs(x,e)},u=e.transition&&e.transition.mode===`out-in`;u&&(x.isFallbackMountPending=!0,n.transition.afterLeave=l),x.isInFallback=!0,p(n,r,null,!0),u||l()},move(e,t,n){x.activeBranch&&f(x.activeBranch,e,t,n),x.container=e},next(){return x.activeBranch&&m(x.activeBranch)},registerDep(e,t,n,r){let i=!!x.pendingBranch;i&&x.deps++;let a=e.vnode.el,o=i=>{e.asyncResolved=!0;let{vnode:o}=e;ac(e,i,!1),a&&(o.el=a);let s=!a&&e.subTree.el;t(e,o,h(a||e.subTree.el),a?null:m(e.subTree),x,r,n),s&&(o.placeholder=null,g(s)),Co(e,o.el)};e.asyncDep.catch(t=>(Gn(t,e,0,!1,!0),()=>null)).then(t=>{if(e.isUnmounted||x.isUnmounted)return;let n=i&&x.pendingId===e.suspenseId;if(ec(),!e.scope.active)n&&--x.deps===0&&x.resolve();else if(!n&&x.pendingBranch){let n=()=>{e.isUnmounted||x.isUnmounted||!e.scope.active||(x.pendingBranch?ms(n,x):o(t))};n.flags=48,ms(n,x)}else o(t),n&&--x.deps===0&&x.resolve()})},unmount(e,t){if(x.isUnmounted=!0,clearTimeout(x.timeoutTimer),x.timeoutTimer=void 0,_!==void 0){let e=x.parent,t=_;_=void 0,ir(()=>{e.pendingId===t&&!e.isUnmounted&&--e.deps===0&&e.resolve()})}x.activeBranch&&p(x.activeBranch,n,e,t),x.pendingBranch&&(p(x.pendingBranch,n,x,t),ps(x))}};return x}function us(e,t,n,r,i,a,o,s,c){let l=t.suspense=ls(t,r,n,e.parentNode,document.createElement(`div`),null,i,a,o,s,!0),u=c(e,l.pendingBranch=t.ssContent,n,l,a,o);return l.deps===0&&l.resolve(!1,!0),u}function ds(e){let{shapeFlag:t,children:n}=e,r=t&32;e.ssContent=fs(r?n.default:n),e.ssFallback=r?fs(n.fallback):z(R)}function fs(e){let t;if(y(e)){let n=ws&&e._c;n&&(e._d=!1,Ss()),e=e(),n&&(e._d=!0,t=xs,Cs())}return m(e)&&(e=_o(e)),e=Vs(e),t&&!e.dynamicChildren&&(e.dynamicChildren=t.filter(t=>t!==e)),e}function ps(e){let{effects:t}=e;for(let e=0;e<t.length;e++){let n=t[e];n.flags&16&&ir(n)}t.length=0}function ms(e,t){t&&t.pendingBranch?m(e)?t.effects.push(...e):t.effects.push(e):ir(e)}function hs(e,t){e.activeBranch=t;let{vnode:n,parentComponent:r}=e,i=t.el;for(;!i&&t.component;)t=t.component.subTree,i=t.el;n.el=i,r&&r.subTree===n&&(r.vnode.el=i,Co(r,i))}function gs(e){let t=e.props&&e.props.suspensible;return t!=null&&t!==!1}var _s=Symbol.for(`v-fgt`),vs=Symbol.for(`v-txt`),R=Symbol.for(`v-cmt`),ys=Symbol.for(`v-stc`),bs=[],xs=null;function Ss(e=!1){bs.push(xs=e?null:[])}function Cs(){bs.pop(),xs=bs[bs.length-1]||null}var ws=1;function Ts(e,t=!1){ws+=e,e<0&&xs&&t&&(xs.hasOnce=!0)}function Es(e){return e.dynamicChildren=ws>0?xs||a:null,Cs(),ws>0&&xs&&xs.push(e),e}function Ds(e,t,n,r,i,a){return Es(Ps(e,t,n,r,i,a,!0))}function Os(e,t,n,r,i){return Es(z(e,t,n,r,i,!0))}function ks(e){return e?e.__v_isVNode===!0:!1}function As(e,t){return e.type===t.type&&e.key===t.key}function js(e){}var Ms=({key:e})=>e??null,Ns=({ref:e,ref_key:t,ref_for:n})=>(typeof e==`number`&&(e=``+e),e==null?null:b(e)||I(e)||y(e)?{i:mr,r:e,k:t,f:!!n}:e);function Ps(e,t=null,n=null,r=0,i=null,a=e===_s?0:1,o=!1,s=!1){let c={__v_isVNode:!0,__v_skip:!0,type:e,props:t,key:t&&Ms(t),ref:t&&Ns(t),scopeId:hr,slotScopeIds:null,children:n,component:null,suspense:null,ssContent:null,ssFallback:null,dirs:null,transition:null,el:null,anchor:null,target:null,targetStart:null,targetAnchor:null,staticCount:0,shapeFlag:a,patchFlag:r,dynamicProps:i,dynamicChildren:null,appContext:null,ctx:mr};return s?(Us(c,n),a&128&&e.normalize(c)):n&&(c.shapeFlag|=b(n)?8:16),ws>0&&!o&&xs&&(c.patchFlag>0||a&6)&&c.patchFlag!==32&&xs.push(c),c}var z=Fs;function Fs(e,t=null,n=null,r=0,i=null,a=!1){if(e&&e!==ma||(e=R),ks(e)){let r=Ls(e,t,!0);return n&&Us(r,n),ws>0&&!a&&xs&&(r.shapeFlag&6?xs[xs.indexOf(e)]=r:xs.push(r)),r.patchFlag=-2,r}if(gc(e)&&(e=e.__vccOpts),t){t=Is(t);let{class:e,style:n}=t;e&&!b(e)&&(t.class=ge(e)),S(n)&&(on(n)&&!m(n)&&(n=u({},n)),t.style=de(n))}let o=b(e)?1:es(e)?128:Ir(e)?64:S(e)?4:y(e)?2:0;return Ps(e,t,n,r,i,o,a,!0)}function Is(e){return e?on(e)?u({},e):Eo(e)?u({},e[dc]||e):e:null}function Ls(e,t,n=!1,r=!1){let{props:i,ref:a,patchFlag:o,children:s,transition:c}=e,l=t?Ws(i||{},t):i,u={__v_isVNode:!0,__v_skip:!0,type:e.type,props:l,key:l&&Ms(l),ref:t&&t.ref?n&&a?m(a)?a.concat(Ns(t)):[a,Ns(t)]:Ns(t):a,scopeId:e.scopeId,slotScopeIds:e.slotScopeIds,children:s,target:e.target,targetStart:e.targetStart,targetAnchor:e.targetAnchor,staticCount:e.staticCount,shapeFlag:e.shapeFlag,patchFlag:t&&e.type!==_s?o===-1?16:o|16:o,dynamicProps:e.dynamicProps,dynamicChildren:e.dynamicChildren,appContext:e.appContext,dirs:e.dirs,transition:c,component:e.component,suspense:e.suspense,ssContent:e.ssContent&&Ls(e.ssContent),ssFallback:e.ssFallback&&Ls(e.ssFallback),placeholder:e.placeholder,el:e.el,anchor:e.anchor,ctx:e.ctx,ce:e.ce,cacheIndex:e.cacheIndex};return c&&r&&oi(u,c.clone(u)),u}function Rs(e=` `,t=0){return z(vs,null,e,t)}function zs(e,t){let n=z(ys,null,e);return n.staticCount=t,n}function Bs(e=``,t=!1){return t?(Ss(),Os(R,null,e)):z(R,null,e)}function Vs(e){return e==null||typeof e==`boolean`?z(R):m(e)?z(_s,null,e.slice()):ks(e)?Hs(e):z(vs,null,String(e))}function Hs(e){return e.el===null&&e.patchFlag!==-1||e.memo?e:Ls(e)}function Us(e,t){let n=0,{shapeFlag:r}=e;if(t==null)t=null;else if(m(t))n=16;else if(typeof t==`object`){if(r&65){let n=t.default;n&&(n._c&&(n._d=!1),Us(e,n()),n._c&&(n._d=!0));return}{n=32;let r=t._;!r&&!Eo(t)?t._ctx=mr:r===3&&mr&&(mr.slots._===1?t._=1:(t._=2,e.patchFlag|=1024))}}else if(y(t)){if(r&65){Us(e,{default:t});return}t={default:t,_ctx:mr},n=32}else t=String(t),r&64?(n=16,t=[Rs(t)]):n=8;e.children=t,e.shapeFlag|=n}function Ws(...e){let t={};for(let n=0;n<e.length;n++){let r=e[n];for(let e in r)if(e===`class`)t.class!==r.class&&(t.class=ge([t.class,r.class]));else if(e===`style`)t.style=de([t.style,r.style]);else if(c(e)){let n=t[e],i=r[e];i&&n!==i&&!(m(n)&&n.includes(i))?t[e]=n?[].concat(n,i):i:i==null&&n==null&&!l(e)&&(t[e]=i)}else e!==``&&(t[e]=r[e])}return t}function Gs(e,t,n,r=null){Wn(e,t,7,[n,r])}var Ks=ao(),qs=0;function Js(){return qs}function Ys(e,t,n){let r=e.type,a=(t?t.appContext:e.appContext)||Ks,o={uid:qs++,vnode:e,type:r,parent:t,appContext:a,root:null,next:null,subTree:null,effect:null,update:null,job:null,scope:new Ne(!0),render:null,proxy:null,exposed:null,exposeProxy:null,withProxy:null,provides:t?t.provides:Object.create(a.provides),ids:t?t.ids:[``,0,0],accessCache:null,renderCache:[],components:null,directives:null,propsOptions:Mo(r,a),emitsOptions:mo(r,a),emit:null,emitted:null,propsDefaults:i,inheritAttrs:r.inheritAttrs,ctx:i,data:i,props:i,attrs:i,slots:i,refs:i,setupState:i,setupContext:null,suspense:n,suspenseId:n?n.pendingId:0,asyncDep:null,asyncResolved:!1,isMounted:!1,isUnmounted:!1,isDeactivated:!1,bc:null,c:null,bm:null,m:null,bu:null,u:null,um:null,bum:null,da:null,a:null,rtg:null,rtc:null,ec:null,sp:null};return o.ctx={_:o},o.root=t?t.root:o,o.emit=fo.bind(null,o),e.ce&&e.ce(o),o}var Xs=null,B=()=>Xs||mr,Zs,Qs;{let e=N(),t=(t,n)=>{let r;return(r=e[t])||(r=e[t]=[]),r.push(n),e=>{r.length>1?r.forEach(t=>t(e)):r[0](e)}};Zs=t(`__VUE_INSTANCE_SETTERS__`,e=>Xs=e),Qs=t(`__VUE_SSR_SETTERS__`,e=>nc=e)}var $s=e=>{let t=Xs;return Zs(e),e.scope.on(),()=>{e.scope.off(),Zs(t)}},ec=()=>{Xs&&Xs.scope.off(),Zs(null)};function tc(e){return e.vnode.shapeFlag&4}var nc=!1;function rc(e,t=!1,n=!1){t&&Qs(t);let{props:r,children:i}=e.vnode,a=tc(e);Do(e,r,a,t),Bo(e,i,n||t);let o=a?ic(e,t):void 0;return t&&Qs(!1),o}function ic(e,t){let n=e.type;e.accessCache=Object.create(null),e.proxy=new Proxy(e.ctx,Da);let{setup:r}=n;if(r){tt();let n=e.setupContext=r.length>1?pc(e):null,i=$s(e),a=Un(r,e,0,[e.props,n]),o=C(a);if(nt(),i(),(o||e.sp)&&!Vi(e)&&di(e),o){if(a.then(ec,ec),t)return a.then(n=>{Qs(!0);try{ac(e,n,t)}finally{Qs(!1)}}).catch(t=>{Gn(t,e,0,void 0,!0),e.ssrRender=(e,t)=>t(`<!---->`)});e.asyncDep=a}else ac(e,a,t)}else uc(e,t)}function ac(e,t,n){y(t)?e.type.__ssrInlineRender?e.ssrRender=t:e.render=t:S(t)&&(e.setupState=vn(t)),uc(e,n)}var oc,sc;function cc(e){oc=e,sc=e=>{e.render._rc&&(e.withProxy=new Proxy(e.ctx,Oa))}}var lc=()=>!oc;function uc(e,t,n){let r=e.type;if(!e.render){if(!t&&oc&&!r.render){let t=r.template||Ya(e).template;if(t){let{isCustomElement:n,compilerOptions:i}=e.appContext.config,{delimiters:a,compilerOptions:o}=r,s=u(u({isCustomElement:n,delimiters:a},i),o);r.render=oc(t,s)}}e.render=r.render||o,sc&&sc(e)}{let t=$s(e);tt();try{Ga(e)}finally{nt(),t()}}}var dc=Symbol(),fc={get(e,t){return ft(e,`get`,``),t===dc?e:e[t]}};function pc(e){return{attrs:new Proxy(e.attrs,fc),slots:e.slots,emit:e.emit,expose:t=>{e.exposed=t||{}}}}function mc(e){return e.exposed?e.exposeProxy||=new Proxy(vn(sn(e.exposed)),{get(t,n){if(n in t)return t[n];if(n in Ta)return Ta[n](e)},has(e,t){return t in e||t in Ta}}):e.proxy}function hc(e,t=!0){return y(e)?e.displayName||e.name:e.name||t&&e.__name}function gc(e){return y(e)&&`__vccOpts`in e}var V=(e,t)=>Dn(e,t,nc);function _c(e,t,n){try{Ts(-1);let r=arguments.length;return r===2?S(t)&&!m(t)?ks(t)?z(e,null,[t]):z(e,t):z(e,null,t):(r>3?n=Array.prototype.slice.call(arguments,2):r===3&&ks(n)&&(n=[n]),z(e,t,n))}finally{Ts(1)}}function vc(){}function yc(e,t,n,r){let i=n[r];if(i&&bc(i,e))return i;let a=t();return a.memo=e.slice(),a.cacheIndex=r,n[r]=a}function bc(e,t){let n=e.memo;if(n.length!=t.length)return!1;for(let e=0;e<n.length;e++)if(M(n[e],t[e]))return!1;return ws>0&&xs&&xs.push(e),!0}var xc=`3.5.45`,Sc=o,Cc=Hn,wc=dr,Tc=pr,Ec={createComponentInstance:Ys,setupComponent:rc,renderComponentRoot:go,setCurrentRenderingInstance:gr,isVNode:ks,normalizeVNode:Vs,getComponentPublicInstance:mc,ensureValidVNode:Sa,pushWarningContext:Rn,popWarningContext:zn},Dc=void 0,Oc=typeof window<`u`&&window.trustedTypes;if(Oc)try{Dc=Oc.createPolicy(`vue`,{createHTML:e=>e})}catch{}var kc=Dc?e=>Dc.createHTML(e):e=>e,Ac=`http://www.w3.org/2000/svg`,jc=`http://www.w3.org/1998/Math/MathML`,Mc=typeof document<`u`?document:null,Nc=Mc&&Mc.createElement(`template`),Pc={insert:(e,t,n)=>{t.insertBefore(e,n||null)},remove:e=>{let t=e.parentNode;t&&t.removeChild(e)},createElement:(e,t,n,r)=>{let i=t===`svg`?Mc.createElementNS(Ac,e):t===`mathml`?Mc.createElementNS(jc,e):n?Mc.createElement(e,{is:n}):Mc.createElement(e);return e===`select`&&r&&r.multiple!=null&&i.setAttribute(`multiple`,r.multiple),i},createText:e=>Mc.createTextNode(e),createComment:e=>Mc.createComment(e),setText:(e,t)=>{e.nodeValue=t},setElementText:(e,t)=>{e.textContent=t},parentNode:e=>e.parentNode,nextSibling:e=>e.nextSibling,querySelector:e=>Mc.querySelector(e),setScopeId(e,t){e.setAttribute(t,``)},insertStaticContent(e,t,n,r,i,a){let o=n?n.previousSibling:t.lastChild;if(i&&(i===a||i.nextSibling))for(;t.insertBefore(i.cloneNode(!0),n),i!==a&&(i=i.nextSibling););else{Nc.innerHTML=kc(r===`svg`?`<svg>${e}</svg>`:r===`mathml`?`<math>${e}</math>`:e);let i=Nc.content;if(r===`svg`||r===`mathml`){let e=i.firstChild;for(;e.firstChild;)i.appendChild(e.firstChild);i.removeChild(e)}t.insertBefore(i,n)}return[o?o.nextSibling:t.firstChild,n?n.previousSibling:t.lastChild]}},Fc=`transition`,Ic=`animation`,Lc=Symbol(`_vtc`),Rc={name:String,type:String,css:{type:Boolean,default:!0},duration:[String,Number,Object],enterFromClass:String,enterActiveClass:String,enterToClass:String,appearFromClass:String,appearActiveClass:String,appearToClass:String,leaveFromClass:String,leaveActiveClass:String,leaveToClass:String},zc=u({},Qr,Rc),Bc=(e=>(e.displayName=`Transition`,e.props=zc,e))((e,{slots:t})=>_c(ti,Uc(e),t)),Vc=(e,t=[])=>{m(e)?e.forEach(e=>e(...t)):e&&e(...t)},Hc=e=>e?m(e)?e.some(e=>e.length>1):e.length>1:!1;function Uc(e){let t={};for(let n in e)n in Rc||(t[n]=e[n]);if(e.css===!1)return t;let{name:n=`v`,type:r,duration:i,enterFromClass:a=`${n}-enter-from`,enterActiveClass:o=`${n}-enter-active`,enterToClass:s=`${n}-enter-to`,appearFromClass:c=a,appearActiveClass:l=o,appearToClass:d=s,leaveFromClass:f=`${n}-leave-from`,leaveActiveClass:p=`${n}-leave-active`,leaveToClass:m=`${n}-leave-to`}=e,h=Wc(i),g=h&&h[0],_=h&&h[1],{onBeforeEnter:v,onEnter:y,onEnterCancelled:b,onLeave:x,onLeaveCancelled:S,onBeforeAppear:C=v,onAppear:w=y,onAppearCancelled:T=b}=t,E=(e,t,n,r)=>{e._enterCancelled=r,qc(e,t?d:s),qc(e,t?l:o),n&&n()},D=(e,t)=>{e._isLeaving=!1,qc(e,f),qc(e,m),qc(e,p),t&&t()},O=e=>(t,n)=>{let i=e?w:y,o=()=>E(t,e,n);Vc(i,[t,o]),Jc(()=>{qc(t,e?c:a),Kc(t,e?d:s),Hc(i)||Xc(t,r,g,o)})};return u(t,{onBeforeEnter(e){Vc(v,[e]),Kc(e,a),Kc(e,o)},onBeforeAppear(e){Vc(C,[e]),Kc(e,c),Kc(e,l)},onEnter:O(!1),onAppear:O(!0),onLeave(e,t){e._isLeaving=!0;let n=()=>D(e,t);Kc(e,f),e._enterCancelled?(Kc(e,p),el(e)):(el(e),Kc(e,p)),Jc(()=>{e._isLeaving&&(qc(e,f),Kc(e,m),Hc(x)||Xc(e,r,_,n))}),Vc(x,[e,n])},onEnterCancelled(e){E(e,!1,void 0,!0),Vc(b,[e])},onAppearCancelled(e){E(e,!0,void 0,!0),Vc(T,[e])},onLeaveCancelled(e){D(e),Vc(S,[e])}})}function Wc(e){if(e==null)return null;if(S(e))return[Gc(e.enter),Gc(e.leave)];{let t=Gc(e);return[t,t]}}function Gc(e){return ce(e)}function Kc(e,t){t.split(/\s+/).forEach(t=>t&&e.classList.add(t)),(e[Lc]||(e[Lc]=new Set)).add(t)}function qc(e,t){t.split(/\s+/).forEach(t=>t&&e.classList.remove(t));let n=e[Lc];n&&(n.delete(t),n.size||(e[Lc]=void 0))}function Jc(e){requestAnimationFrame(()=>{requestAnimationFrame(e)})}var Yc=0;function Xc(e,t,n,r){let i=e._endId=++Yc,a=()=>{i===e._endId&&r()};if(n!=null)return setTimeout(a,n);let{type:o,timeout:s,propCount:c}=Zc(e,t);if(!o)return r();let l=o+`end`,u=0,d=()=>{e.removeEventListener(l,f),a()},f=t=>{t.target===e&&++u>=c&&d()};setTimeout(()=>{u<c&&d()},s+1),e.addEventListener(l,f)}function Zc(e,t){let n=window.getComputedStyle(e),r=e=>(n[e]||``).split(`, `),i=r(`${Fc}Delay`),a=r(`${Fc}Duration`),o=Qc(i,a),s=r(`${Ic}Delay`),c=r(`${Ic}Duration`),l=Qc(s,c),u=null,d=0,f=0;t===Fc?o>0&&(u=Fc,d=o,f=a.length):t===Ic?l>0&&(u=Ic,d=l,f=c.length):(d=Math.max(o,l),u=d>0?o>l?Fc:Ic:null,f=u?u===Fc?a.length:c.length:0);let p=u===Fc&&/\b(?:transform|all)(?:,|$)/.test(r(`${Fc}Property`).toString());return{type:u,timeout:d,propCount:f,hasTransform:p}}function Qc(e,t){for(;e.length<t.length;)e=e.concat(e);return Math.max(...t.map((t,n)=>$c(t)+$c(e[n])))}function $c(e){return e===`auto`?0:Number(e.slice(0,-1).replace(`,`,`.`))*1e3}function el(e){return(e?e.ownerDocument:document).body.offsetHeight}function tl(e,t,n){let r=e[Lc];r&&(t=(t?[t,...r]:[...r]).join(` `)),t==null?e.removeAttribute(`class`):n?e.setAttribute(`class`,t):e.className=t}var nl=Symbol(`_vod`),rl=Symbol(`_vsh`),il={name:`show`,beforeMount(e,{value:t},{transition:n}){e[nl]=e.style.display===`none`?``:e.style.display,n&&t?n.beforeEnter(e):al(e,t)},mounted(e,{value:t},{transition:n}){n&&t&&n.enter(e)},updated(e,{value:t,oldValue:n},{transition:r}){!t!=!n&&(r?t?(r.beforeEnter(e),al(e,!0),r.enter(e)):r.leave(e,()=>{al(e,!1)}):al(e,t))},beforeUnmount(e,{value:t}){al(e,t)}};function al(e,t){e.style.display=t?e[nl]:`none`,e[rl]=!t}function ol(){il.getSSRProps=({value:e})=>{if(!e)return{style:{display:`none`}}}}var sl=Symbol(``);function cl(e){let t=B();if(!t)return;let n=t.ut=(n=e(t.proxy))=>{Array.from(document.querySelectorAll(`[data-v-owner="${t.uid}"]`)).forEach(e=>ul(e,n))},r=()=>{let r=e(t.proxy);t.ce?ul(t.ce,r):ll(t.subTree,r),n(r)};ra(()=>{ir(r)}),na(()=>{Ar(r,o,{flush:`post`});let e=new MutationObserver(r);e.observe(t.subTree.el.parentNode,{childList:!0}),oa(()=>e.disconnect())})}function ll(e,t){if(e.shapeFlag&128){let n=e.suspense;e=n.activeBranch,n.pendingBranch&&!n.isHydrating&&n.effects.push(()=>{ll(n.activeBranch,t)})}for(;e.component;)e=e.component.subTree;if(e.shapeFlag&1&&e.el)ul(e.el,t);else if(e.type===_s)e.children.forEach(e=>ll(e,t));else if(e.type===ys){let{el:n,anchor:r}=e;for(;n&&(ul(n,t),n!==r);)n=n.nextSibling}}function ul(e,t){if(e.nodeType===1){let n=e.style,r=``;for(let e in t){let i=je(t[e]);n.setProperty(`--${e}`,i),r+=`--${e}: ${i};`}n[sl]=r}}var dl=/(?:^|;)\s*display\s*:/;function fl(e,t,n){let r=e.style,i=b(n),a=!1;if(n&&!i){if(t){if(b(t))for(let e of t.split(`;`)){let t=e.slice(0,e.indexOf(`:`)).trim();n[t]??ml(r,t,``)}else for(let e in t)n[e]??ml(r,e,``)}for(let i in n){i===`display`&&(a=!0);let o=n[i];o==null?ml(r,i,``):vl(e,i,!b(t)&&t?t[i]:void 0,o)||ml(r,i,o)}}else if(i){if(t!==n){let e=r[sl];e&&(n+=`;`+e),r.cssText=n,a=dl.test(n)}}else t&&e.removeAttribute(`style`);nl in e&&(i&&t===n||(e[nl]=a?r.display:``),e[rl]&&(r.display=`none`))}var pl=/\s*!important$/;function ml(e,t,n){if(m(n))n.forEach(n=>ml(e,t,n));else if(n??=``,t.startsWith(`--`))pl.test(n)?e.setProperty(t,n.replace(pl,``),`important`):e.setProperty(t,n);else{let r=_l(e,t);pl.test(n)?e.setProperty(A(r),n.replace(pl,``),`important`):e[r]=n}}var hl=[`Webkit`,`Moz`,`ms`],gl={};function _l(e,t){let n=gl[t];if(n)return n;let r=k(t);if(r!==`filter`&&r in e)return gl[t]=r;r=j(r);for(let n=0;n<hl.length;n++){let i=hl[n]+r;if(i in e)return gl[t]=i}return t}function vl(e,t,n,r){return e.tagName===`TEXTAREA`&&(t===`width`||t===`height`)&&b(r)&&n===r}var yl=`http://www.w3.org/1999/xlink`;function bl(e,t,n,r,i,a=ye(t)){r&&t.startsWith(`xlink:`)?n==null?e.removeAttributeNS(yl,t.slice(6,t.length)):e.setAttributeNS(yl,t,n):n==null||a&&!be(n)?e.removeAttribute(t):e.setAttribute(t,a?``:x(n)?String(n):n)}function xl(e,t,n,r,i){if(t===`innerHTML`||t===`textContent`){n!=null&&(e[t]=t===`innerHTML`?kc(n):n);return}let a=e.tagName;if(t===`value`&&a!==`PROGRESS`&&!a.includes(`-`)){let r=a===`OPTION`?e.getAttribute(`value`)||``:e.value,i=n==null?e.type===`checkbox`?`on`:``:String(n);r===i&&`_value`in e||(e.value=i),n??e.removeAttribute(t),e._value=n;return}let o=!1;if(n===``||n==null){let r=typeof e[t];r===`boolean`?n=be(n):n==null&&r===`string`?(n=``,o=!0):r===`number`&&(n=0,o=!0)}try{e[t]=n}catch{}o&&e.removeAttribute(i||t)}function Sl(e,t,n,r){e.addEventListener(t,n,r)}function Cl(e,t,n,r){e.removeEventListener(t,n,r)}var wl=Symbol(`_vei`);function Tl(e,t,n,r,i=null){let a=e[wl]||(e[wl]={}),o=a[t];if(r&&o)o.value=r;else{let[n,s]=Ol(t);r?Sl(e,n,a[t]=Ml(r,i),s):o&&(Cl(e,n,o,s),a[t]=void 0)}}var El=/(Once|Passive|Capture)$/,Dl=/^on:?(?:Once|Passive|Capture)$/;function Ol(e){let t,n;for(;(n=e.match(El))&&!Dl.test(e);)t||={},e=e.slice(0,e.length-n[1].length),t[n[1].toLowerCase()]=!0;return[e[2]===`:`?e.slice(3):A(e.slice(2)),t]}var kl=0,Al=Promise.resolve(),jl=()=>kl||=(Al.then(()=>kl=0),Date.now());function Ml(e,t){let n=e=>{if(!e._vts)e._vts=Date.now();else if(e._vts<=n.attached)return;let r=n.value;if(m(r)){let n=e.stopImmediatePropagation;e.stopImmediatePropagation=()=>{n.call(e),e._stopped=!0};let i=r.slice(),a=[e];for(let n=0;n<i.length&&!e._stopped;n++){let e=i[n];e&&Wn(e,t,5,a)}}else Wn(r,t,5,[e])};return n.value=e,n.attached=jl(),n}var Nl=e=>e.charCodeAt(0)===111&&e.charCodeAt(1)===110&&e.charCodeAt(2)>96&&e.charCodeAt(2)<123,Pl=(e,t,n,r,i,a)=>{let o=i===`svg`;t===`class`?tl(e,r,o):t===`style`?fl(e,n,r):c(t)?l(t)||Tl(e,t,n,r,a):(t[0]===`.`?(t=t.slice(1),1):t[0]===`^`?(t=t.slice(1),0):Fl(e,t,r,o))?(xl(e,t,r),e.tagName.includes(`-`)||t!==`value`&&t!==`checked`&&t!==`selected`||bl(e,t,r,o,a,t!==`value`)):e._isVueCE&&(Il(e,t)||e._def.__asyncLoader&&(/[A-Z]/.test(t)||!b(r)))?xl(e,k(t),r,a,t):(t===`true-value`?e._trueValue=r:t===`false-value`&&(e._falseValue=r),bl(e,t,r,o))};function Fl(e,t,n,r){if(r)return!!(t===`innerHTML`||t===`textContent`||t in e&&Nl(t)&&y(n));if(t===`spellcheck`||t===`draggable`||t===`translate`||t===`autocorrect`||t===`sandbox`&&e.tagName===`IFRAME`||t===`form`||t===`list`&&e.tagName===`INPUT`||t===`type`&&e.tagName===`TEXTAREA`)return!1;if(t===`width`||t===`height`){let t=e.tagName;if(t===`IMG`||t===`VIDEO`||t===`CANVAS`||t===`SOURCE`)return!1}return Nl(t)&&b(n)?!1:t in e}function Il(e,t){let n=e._def.props;if(!n)return!1;let r=k(t);return Array.isArray(n)?n.some(e=>k(e)===r):Object.keys(n).some(e=>k(e)===r)}var Ll={};function Rl(e,t,n){let r=li(e,t);D(r)&&(r=u({},r,t));class i extends Vl{constructor(e){super(r,e,n)}}return i.def=r,i}var zl=((e,t)=>Rl(e,t,Ru)),Bl=typeof HTMLElement<`u`?HTMLElement:class{},Vl=class e extends Bl{constructor(e,t={},n=Lu){super(),this._def=e,this._props=t,this._createApp=n,this._isVueCE=!0,this._instance=null,this._app=null,this._nonce=this._def.nonce,this._connected=!1,this._resolved=!1,this._patching=!1,this._dirty=!1,this._numberProps=null,this._styleChildren=new WeakSet,this._styleAnchors=new WeakMap,this._ob=null,this.shadowRoot&&n!==Lu?this._root=this.shadowRoot:e.shadowRoot===!1?this._root=this:(this.attachShadow(u({},e.shadowRootOptions,{mode:`open`})),this._root=this.shadowRoot)}connectedCallback(){if(!this.isConnected)return;!this.shadowRoot&&!this._resolved&&this._parseSlots(),this._connected=!0;let t=this;for(;t&&=t.assignedSlot||t.parentNode||t.host;)if(t instanceof e){this._parent=t;break}this._instance||(this._resolved?this._mount(this._def):t&&t._pendingResolve?this._pendingResolve=t._pendingResolve.then(()=>{if(this._pendingResolve=void 0,this.isConnected)return this._resolveDef()}):this._resolveDef())}_setParent(e=this._parent){e&&(this._instance.parent=e._instance,this._inheritParentContext(e))}_inheritParentContext(e=this._parent){e&&this._app&&Object.setPrototypeOf(this._app._context.provides,e._instance.provides)}disconnectedCallback(){this._connected=!1,er(()=>{this._connected||(this._ob&&=(this._ob.disconnect(),null),this._app&&this._app.unmount(),this._instance&&(this._instance.ce=void 0),this._app=this._instance=null,this._teleportTargets&&=(this._teleportTargets.clear(),void 0))})}_processMutations(e){for(let t of e)this._setAttr(t.attributeName)}_resolveDef(){if(this._pendingResolve)return this._pendingResolve;for(let e=0;e<this.attributes.length;e++)this._setAttr(this.attributes[e].name);this._ob=new MutationObserver(this._processMutations.bind(this)),this._ob.observe(this,{attributes:!0});let e=(e,t=!1)=>{this._resolved=!0,this._pendingResolve=void 0;let{props:n,styles:r}=e,i;if(n&&!m(n))for(let e in n){let t=n[e];(t===Number||t&&t.type===Number)&&(e in this._props&&(this._props[e]=ce(this._props[e])),(i||=Object.create(null))[k(e)]=!0)}this._numberProps=i,this._resolveProps(e),this.shadowRoot&&this._applyStyles(r),this._connected&&this._mount(e)},t=this._def.__asyncLoader;if(t)return this._pendingResolve=t().then(t=>{t.configureApp=this._def.configureApp,e(this._def=t,!0)}),this._pendingResolve;e(this._def)}_mount(e){this._app=this._createApp(e),this._inheritParentContext(),e.configureApp&&e.configureApp(this._app),this._app._ceVNode=this._createVNode(),this._app.mount(this._root);let t=this._instance&&this._instance.exposed;if(t)for(let e in t)p(this,e)||Object.defineProperty(this,e,{get:()=>hn(t[e])})}_resolveProps(e){let{props:t}=e,n=m(t)?t:Object.keys(t||{});for(let e of Object.keys(this))e[0]!==`_`&&n.includes(e)&&this._setProp(e,this[e]);for(let e of n.map(k))Object.defineProperty(this,e,{get(){return this._getProp(e)},set(t){this._setProp(e,t,!0,!this._patching)}})}_setAttr(e){if(e.startsWith(`data-v-`))return;let t=this.hasAttribute(e),n=t?this.getAttribute(e):Ll,r=k(e);t&&this._numberProps&&this._numberProps[r]&&(n=ce(n)),this._setProp(r,n,!1,!0)}_getProp(e){return this._props[e]}_setProp(e,t,n=!0,r=!1){if(t!==this._props[e]&&(this._dirty=!0,t===Ll?delete this._props[e]:(this._props[e]=t,e===`key`&&this._app&&(this._app._ceVNode.key=t)),r&&this._instance&&this._update(),n)){let n=this._ob;n&&(this._processMutations(n.takeRecords()),n.disconnect()),t===!0?this.setAttribute(A(e),``):typeof t==`string`||typeof t==`number`?this.setAttribute(A(e),t+``):t||this.removeAttribute(A(e)),n&&n.observe(this,{attributes:!0})}}_update(){let e=this._createVNode();this._app&&(e.appContext=this._app._context),Fu(e,this._root)}_createVNode(){let e={};this.shadowRoot||(e.onVnodeMounted=e.onVnodeUpdated=this._renderSlots.bind(this));let t=z(this._def,u(e,this._props));return this._instance||(t.ce=e=>{this._instance=e,e.ce=this,e.isCE=!0;let t=(e,t)=>{this.dispatchEvent(new CustomEvent(e,D(t[0])?u({detail:t},t[0]):{detail:t}))};e.emit=(e,...n)=>{t(e,n),A(e)!==e&&t(A(e),n)},this._setParent()}),t}_applyStyles(e,t,n){if(!e)return;if(t){if(t===this._def||this._styleChildren.has(t))return;this._styleChildren.add(t)}let r=this._nonce,i=this.shadowRoot,a=n?this._getStyleAnchor(n)||this._getStyleAnchor(this._def):this._getRootStyleInsertionAnchor(i),o=null;for(let s=e.length-1;s>=0;s--){let c=document.createElement(`style`);r&&c.setAttribute(`nonce`,r),c.textContent=e[s],i.insertBefore(c,o||a),o=c,s===0&&(n||this._styleAnchors.set(this._def,c),t&&this._styleAnchors.set(t,c))}}_getStyleAnchor(e){if(!e)return null;let t=this._styleAnchors.get(e);return t&&t.parentNode===this.shadowRoot?t:(t&&this._styleAnchors.delete(e),null)}_getRootStyleInsertionAnchor(e){for(let t=0;t<e.childNodes.length;t++){let n=e.childNodes[t];if(!(n instanceof HTMLStyleElement))return n}return null}_parseSlots(){let e=this._slots={},t;for(;t=this.firstChild;){let n=t.nodeType===1&&t.getAttribute(`slot`)||`default`;(e[n]||(e[n]=[])).push(t),this.removeChild(t)}}_renderSlots(){let e=this._getSlots(),t=this._instance.type.__scopeId;for(let n=0;n<e.length;n++){let r=e[n],i=r.getAttribute(`name`)||`default`,a=this._slots[i],o=r.parentNode;if(a)for(let e of a){if(t&&e.nodeType===1){let n=t+`-s`,r=document.createTreeWalker(e,1);e.setAttribute(n,``);let i;for(;i=r.nextNode();)i.setAttribute(n,``)}o.insertBefore(e,r)}else for(;r.firstChild;)o.insertBefore(r.firstChild,r);o.removeChild(r)}}_getSlots(){let e=[this];this._teleportTargets&&e.push(...this._teleportTargets);let t=new Set;for(let n of e){let e=n.querySelectorAll(`slot`);for(let n=0;n<e.length;n++)t.add(e[n])}return Array.from(t)}_injectChildStyle(e,t){this._applyStyles(e.styles,e,t)}_beginPatch(){this._patching=!0,this._dirty=!1}_endPatch(){this._patching=!1,this._dirty&&this._instance&&this._update()}_hasShadowRoot(){return this._def.shadowRoot!==!1}_removeChildStyle(e){}};function Hl(e){let t=B();return t&&t.ce||null}function Ul(){let e=Hl();return e&&e.shadowRoot}function Wl(e=`$style`){{let t=B();if(!t)return i;let n=t.type.__cssModules;return n&&n[e]||i}}var Gl=new WeakMap,Kl=new WeakMap,ql=Symbol(`_moveCb`),Jl=Symbol(`_enterCb`),Yl=new WeakMap,Xl=(e=>(delete e.props.mode,e))({name:`TransitionGroup`,props:u({},zc,{tag:String,moveClass:String}),setup(e,{slots:t}){let n=B(),r=Xr(),i,a,o,s,c=()=>(s===void 0&&(s=i.length>0&&au(i[0].el,n.vnode.el,Ql(e))),s);return ia(()=>{if(Yl.delete(n),!c()){i=[],o=void 0;return}let t=Ql(e);i.forEach(Zl);let r=o&&iu(o,n.vnode.el);o=void 0,i.forEach(e=>$l(e,r));let a=i.filter(eu);el(n.vnode.el),a.forEach(e=>{let n=e.el,r=n.style;Kc(n,t),r.transform=r.webkitTransform=r.transitionDuration=``;let i=n[ql]=e=>{e&&e.target!==n||(!e||e.propertyName.endsWith(`transform`))&&(n.removeEventListener(`transitionend`,i),n[ql]=null,qc(n,t))};n.addEventListener(`transitionend`,i)}),i=[]}),()=>{let l=F(e),u=Uc(l),d=l.tag||_s;if(i=[],s=void 0,a)for(let e=0;e<a.length;e++){let t=a[e];t.el&&t.el instanceof Element&&!t.el[rl]&&(i.push(t),oi(t,ri(t,u,r,n)),Gl.set(t,tu(t.el)))}a=t.default?si(t.default()):[];for(let e=0;e<a.length;e++){let t=a[e];t.key!=null&&oi(t,ri(t,u,r,n))}return i.length&&(o=nu(n),Yl.set(n,c)),z(d,null,a)}}});function Zl(e){let t=e.el;t[ql]&&t[ql](),t[Jl]&&t[Jl]()}function Ql(e){return e.moveClass||`${e.name||`v`}-move`}function $l(e,t){Kl.set(e,tu(e.el,t))}function eu(e){let t=Gl.get(e),n=Kl.get(e),r=t.left-n.left,i=t.top-n.top;if(r||i){let t=e.el,n=t.style,a=t.getBoundingClientRect(),o=1,s=1;return t.offsetWidth&&(o=a.width/t.offsetWidth),t.offsetHeight&&(s=a.height/t.offsetHeight),Number.isFinite(o)&&o!==0||(o=1),Number.isFinite(s)&&s!==0||(s=1),Math.abs(o-1)<.01&&(o=1),Math.abs(s-1)<.01&&(s=1),n.transform=n.webkitTransform=`translate(${r/o}px,${i/s}px)`,n.transitionDuration=`0s`,e}}function tu(e,t){let n=e.getBoundingClientRect();return{left:n.left-(t?t.left:0),top:n.top-(t?t.top:0)}}function nu(e){let t;for(let n=e.parent;n;n=n.parent){let r=Yl.get(n);if(r){let i=ru(n.vnode.el,e.vnode.el);i&&(t||=[]).push(u(tu(i),{item:i,willMove:r}))}}return t}function ru(e,t){let n=e.nodeType===1?e:e.parentNode;for(;t&&t.parentNode!==n;)t=t.parentNode;if(t&&t.nodeType===1)return t}function iu(e,t){let n=e.find(e=>e.willMove()&&e.item.contains(t));return n&&tu(n.item,n)}function au(e,t,n){let r=e.cloneNode(),i=e[Lc];i&&i.forEach(e=>{e.split(/\s+/).forEach(e=>e&&r.classList.remove(e))}),n.split(/\s+/).forEach(e=>e&&r.classList.add(e)),r.style.display=`none`;let a=t.nodeType===1?t:t.parentNode;a.appendChild(r);let{hasTransform:o}=Zc(r);return a.removeChild(r),o}var ou=e=>{let t=e.props[`onUpdate:modelValue`]||!1;return m(t)?e=>ae(t,e):t};function su(e){e.target.composing=!0}function cu(e){let t=e.target;t.composing&&(t.composing=!1,t.dispatchEvent(new Event(`input`)))}var lu=Symbol(`_assign`),uu=Symbol(`_initialValue`);function du(e,t,n){return t&&(e=e.trim()),n&&(e=se(e)),e}var fu={created(e,{modifiers:{lazy:t,trim:n,number:r}},i){e.parentNode&&(e.type===`text`?e[uu]=e.defaultValue.replace(/[\r\n]/g,``):e.type===`textarea`&&(e[uu]=e.defaultValue.replace(/\r\n?/g,`
`))),e[lu]=ou(i);let a=r||i.props&&i.props.type===`number`;Sl(e,t?`change`:`input`,t=>{t.target.composing||e[lu](du(e.value,n,a))}),(n||a)&&Sl(e,`change`,()=>{e.value=du(e.value,n,a)}),t||(Sl(e,`compositionstart`,su),Sl(e,`compositionend`,cu),Sl(e,`change`,cu))},mounted(e,{value:t,modifiers:{trim:n,number:r}}){let i=t??``,a=e[uu];delete e[uu],a!==void 0&&(e.type===`text`||e.type===`textarea`)&&e.value!==a?e[lu](du(e.value,n,r)):e.value=i},beforeUpdate(e,{value:t,oldValue:n,modifiers:{lazy:r,trim:i,number:a}},o){if(e[lu]=ou(o),e.composing)return;let s=(a||e.type===`number`)&&!/^0\d/.test(e.value)?se(e.value):e.value,c=t??``;if(s===c)return;let l=e.getRootNode();(l instanceof Document||l instanceof ShadowRoot)&&l.activeElement===e&&e.type!==`range`&&(r&&t===n||i&&e.value.trim()===c)||(e.value=c)}},pu={deep:!0,created(e,t,n){e[lu]=ou(n),Sl(e,`change`,()=>{let t=e._modelValue,n=yu(e),r=e.checked,i=e[lu];if(m(t)){let e=Ee(t,n),a=e!==-1;if(r&&!a)i(t.concat(n));else if(!r&&a){let n=[...t];n.splice(e,1),i(n)}}else if(g(t)){let e=new Set(t);r?e.add(n):e.delete(n),i(e)}else i(bu(e,r))})},mounted:mu,beforeUpdate(e,t,n){e[lu]=ou(n),mu(e,t,n)}};function mu(e,{value:t,oldValue:n},r){e._modelValue=t;let i;if(m(t))i=Ee(t,r.props.value)>-1;else if(g(t))i=t.has(r.props.value);else{if(t===n)return;i=Te(t,bu(e,!0))}e.checked!==i&&(e.checked=i)}var hu={created(e,{value:t},n){e.checked=Te(t,n.props.value),e[lu]=ou(n),Sl(e,`change`,()=>{e[lu](yu(e))})},beforeUpdate(e,{value:t,oldValue:n},r){e[lu]=ou(r),t!==n&&(e.checked=Te(t,r.props.value))}},gu={deep:!0,created(e,{value:t,modifiers:{number:n}},r){e._modelValue=t,Sl(e,`change`,()=>{let t=Array.prototype.filter.call(e.options,e=>e.selected).map(e=>n?se(yu(e)):yu(e)),r=e.multiple,i=r?g(e._modelValue)?new Set(t):t:t[0],a=e._pendingValue=[r,r?m(i)?t.slice():t:i];try{e[lu](i)}finally{er(()=>{e._pendingValue===a&&(e._pendingValue=void 0)})}}),e[lu]=ou(r)},mounted(e,{value:t,modifiers:{number:n}}){vu(e,t,n)},beforeUpdate(e,{value:t},n){e._modelValue=t,e[lu]=ou(n)},updated(e,{value:t,modifiers:{number:n}}){let r=e._pendingValue;e._pendingValue=void 0,r&&r[0]===e.multiple&&_u(t,r[1],r[0])||vu(e,t,n)}};function _u(e,t,n){if(!n||m(e))return Te(e,t);if(g(e)){if(e.size!==t.length)return!1;for(let n of t)if(!e.has(n))return!1;return!0}return!1}function vu(e,t,n=!1){let r=e.multiple,i=m(t);if(!r||i||g(t)){for(let a=0,o=e.options.length;a<o;a++){let o=e.options[a],s=yu(o);if(r){if(i){let e=typeof s;o.selected=e===`string`||e===`number`?t.some(e=>String(e)===String(s)):Ee(t,s)>-1}else o.selected=t.has(s)||n&&typeof s==`string`&&t.has(se(s))}else if(Te(yu(o),t)){e.selectedIndex!==a&&(e.selectedIndex=a);return}}!r&&e.selectedIndex!==-1&&(e.selectedIndex=-1)}}function yu(e){return`_value`in e?e._value:e.value}function bu(e,t){let n=t?`_trueValue`:`_falseValue`;return n in e?e[n]:t}var xu={created(e,t,n){Cu(e,t,n,null,`created`)},mounted(e,t,n){Cu(e,t,n,null,`mounted`)},beforeUpdate(e,t,n,r){Cu(e,t,n,r,`beforeUpdate`)},updated(e,t,n,r){Cu(e,t,n,r,`updated`)}};function Su(e,t){switch(e){case`SELECT`:return gu;case`TEXTAREA`:return fu;default:switch(t){case`checkbox`:return pu;case`radio`:return hu;default:return fu}}}function Cu(e,t,n,r,i){let a=Su(e.tagName,n.props&&n.props.type)[i];a&&a(e,t,n,r)}function wu(){fu.getSSRProps=({value:e})=>({value:e}),hu.getSSRProps=({value:e},t)=>{if(t.props&&Te(t.props.value,e))return{checked:!0}},pu.getSSRProps=({value:e},t)=>{if(m(e)){if(t.props&&Ee(e,t.props.value)>-1)return{checked:!0}}else if(g(e)){if(t.props&&e.has(t.props.value))return{checked:!0}}else if(e)return{checked:!0}},xu.getSSRProps=(e,t)=>{if(typeof t.type!=`string`)return;let n=Su(t.type.toUpperCase(),t.props&&t.props.type);if(n.getSSRProps)return n.getSSRProps(e,t)}}var Tu=[`ctrl`,`shift`,`alt`,`meta`],Eu={stop:e=>e.stopPropagation(),prevent:e=>e.preventDefault(),self:e=>e.target!==e.currentTarget,ctrl:e=>!e.ctrlKey,shift:e=>!e.shiftKey,alt:e=>!e.altKey,meta:e=>!e.metaKey,left:e=>`button`in e&&e.button!==0,middle:e=>`button`in e&&e.button!==1,right:e=>`button`in e&&e.button!==2,exact:(e,t)=>Tu.some(n=>e[`${n}Key`]&&!t.includes(n))},Du=(e,t)=>{if(!e)return e;let n=e._withMods||={},r=t.join(`.`);return n[r]||(n[r]=((n,...r)=>{for(let e=0;e<t.length;e++){let r=Eu[t[e]];if(r&&r(n,t))return}return e(n,...r)}))},Ou={esc:`escape`,space:` `,up:`arrow-up`,left:`arrow-left`,right:`arrow-right`,down:`arrow-down`,delete:`backspace`},ku=(e,t)=>{let n=e._withKeys||={},r=t.join(`.`);return n[r]||(n[r]=(n=>{if(!(`key`in n))return;let r=A(n.key);if(t.some(e=>e===r||Ou[e]===r))return e(n)}))},Au=u({patchProp:Pl},Pc),ju,Mu=!1;function Nu(){return ju||=Uo(Au)}function Pu(){return ju=Mu?ju:Wo(Au),Mu=!0,ju}var Fu=((...e)=>{Nu().render(...e)}),Iu=((...e)=>{Pu().hydrate(...e)}),Lu=((...e)=>{let t=Nu().createApp(...e),{mount:n}=t;return t.mount=e=>{let r=Bu(e);if(!r)return;let i=t._component;y(i)||i.render||i.template||(i.template=r.innerHTML),r.nodeType===1&&(r.textContent=``);let a=n(r,!1,zu(r));return r instanceof Element&&(r.removeAttribute(`v-cloak`),r.setAttribute(`data-v-app`,``)),a},t}),Ru=((...e)=>{let t=Pu().createApp(...e),{mount:n}=t;return t.mount=e=>{let t=Bu(e);if(t)return n(t,!0,zu(t))},t});function zu(e){if(e instanceof SVGElement)return`svg`;if(typeof MathMLElement==`function`&&e instanceof MathMLElement)return`mathml`}function Bu(e){return b(e)?document.querySelector(e):e}var Vu=!1,Hu=()=>{Vu||(Vu=!0,wu(),ol())},Uu=e({BaseTransition:()=>ti,BaseTransitionPropsValidators:()=>Qr,Comment:()=>R,DeprecationTypes:()=>null,EffectScope:()=>Ne,ErrorCodes:()=>Vn,ErrorTypeStrings:()=>Cc,Fragment:()=>_s,KeepAlive:()=>Gi,ReactiveEffect:()=>Re,Static:()=>ys,Suspense:()=>rs,Teleport:()=>Gr,Text:()=>vs,TrackOpTypes:()=>On,Transition:()=>Bc,TransitionGroup:()=>Xl,TriggerOpTypes:()=>kn,VueElement:()=>Vl,assertNumber:()=>Bn,callWithAsyncErrorHandling:()=>Wn,callWithErrorHandling:()=>Un,camelize:()=>k,capitalize:()=>j,cloneVNode:()=>Ls,compatUtils:()=>null,compile:()=>Wu,computed:()=>V,createApp:()=>Lu,createBlock:()=>Os,createCommentVNode:()=>Bs,createElementBlock:()=>Ds,createElementVNode:()=>Ps,createHydrationRenderer:()=>Wo,createPropsRestProxy:()=>Ha,createRenderer:()=>Uo,createSSRApp:()=>Ru,createSlots:()=>ba,createStaticVNode:()=>zs,createTextVNode:()=>Rs,createVNode:()=>z,customRef:()=>bn,defineAsyncComponent:()=>Hi,defineComponent:()=>li,defineCustomElement:()=>Rl,defineEmits:()=>Aa,defineExpose:()=>ja,defineModel:()=>Pa,defineOptions:()=>Ma,defineProps:()=>ka,defineSSRCustomElement:()=>zl,defineSlots:()=>Na,devtools:()=>wc,effect:()=>Ze,effectScope:()=>Pe,getCurrentInstance:()=>B,getCurrentScope:()=>Fe,getCurrentWatcher:()=>Nn,getTransitionRawChildren:()=>si,guardReactiveProps:()=>Is,h:()=>_c,handleError:()=>Gn,hasInjectionContext:()=>wr,hydrate:()=>Iu,hydrateOnIdle:()=>Fi,hydrateOnInteraction:()=>zi,hydrateOnMediaQuery:()=>Ri,hydrateOnVisible:()=>Li,initCustomFormatter:()=>vc,initDirectivesForSSR:()=>Hu,inject:()=>L,isMemoSame:()=>bc,isProxy:()=>on,isReactive:()=>nn,isReadonly:()=>rn,isRef:()=>I,isRuntimeOnly:()=>lc,isShallow:()=>an,isVNode:()=>ks,markRaw:()=>sn,mergeDefaults:()=>Ba,mergeModels:()=>Va,mergeProps:()=>Ws,nextTick:()=>er,nodeOps:()=>Pc,normalizeClass:()=>ge,normalizeProps:()=>_e,normalizeStyle:()=>de,onActivated:()=>qi,onBeforeMount:()=>ta,onBeforeUnmount:()=>aa,onBeforeUpdate:()=>ra,onDeactivated:()=>Ji,onErrorCaptured:()=>ua,onMounted:()=>na,onRenderTracked:()=>la,onRenderTriggered:()=>ca,onScopeDispose:()=>Ie,onServerPrefetch:()=>sa,onUnmounted:()=>oa,onUpdated:()=>ia,onWatcherCleanup:()=>Pn,openBlock:()=>Ss,patchProp:()=>Pl,popScopeId:()=>vr,provide:()=>Cr,proxyRefs:()=>vn,pushScopeId:()=>_r,queuePostFlushCb:()=>ir,reactive:()=>Zt,readonly:()=>$t,ref:()=>un,registerRuntimeCompiler:()=>cc,render:()=>Fu,renderList:()=>ya,renderSlot:()=>xa,resolveComponent:()=>pa,resolveDirective:()=>ga,resolveDynamicComponent:()=>ha,resolveFilter:()=>null,resolveTransitionHooks:()=>ri,setBlockTracking:()=>Ts,setDevtoolsHook:()=>Tc,setTransitionHooks:()=>oi,shallowReactive:()=>Qt,shallowReadonly:()=>en,shallowRef:()=>dn,ssrContextKey:()=>Tr,ssrUtils:()=>Ec,stop:()=>Qe,toDisplayString:()=>Oe,toHandlerKey:()=>ie,toHandlers:()=>Ca,toRaw:()=>F,toRef:()=>wn,toRefs:()=>xn,toValue:()=>gn,transformVNodeArgs:()=>js,triggerRef:()=>mn,unref:()=>hn,useAttrs:()=>La,useCssModule:()=>Wl,useCssVars:()=>cl,useHost:()=>Hl,useId:()=>ui,useModel:()=>lo,useSSRContext:()=>Er,useShadowRoot:()=>Ul,useSlots:()=>Ia,useTemplateRef:()=>fi,useTransitionState:()=>Xr,vModelCheckbox:()=>pu,vModelDynamic:()=>xu,vModelRadio:()=>hu,vModelSelect:()=>gu,vModelText:()=>fu,vShow:()=>il,version:()=>xc,warn:()=>Sc,watch:()=>Ar,watchEffect:()=>Dr,watchPostEffect:()=>Or,watchSyncEffect:()=>kr,withAsyncContext:()=>Ua,withCtx:()=>br,withDefaults:()=>Fa,withDirectives:()=>xr,withKeys:()=>ku,withMemo:()=>yc,withModifiers:()=>Du,withScopeId:()=>yr}),Wu=()=>{},Gu=[``,`default`,`small`,`large`],Ku=typeof global==`object`&&global&&global.Object===Object&&global,qu=typeof self==`object`&&self&&self.Object===Object&&self,Ju=Ku||qu||Function(`return this`)(),Yu=Ju.Symbol,Xu=Object.prototype,Zu=Xu.hasOwnProperty,Qu=Xu.toString,$u=Yu?Yu.toStringTag:void 0;function ed(e){var t=Zu.call(e,$u),n=e[$u];try{e[$u]=void 0;var r=!0}catch{}var i=Qu.call(e);return r&&(t?e[$u]=n:delete e[$u]),i}var td=Object.prototype.toString;function nd(e){return td.call(e)}var rd=`[object Null]`,id=`[object Undefined]`,ad=Yu?Yu.toStringTag:void 0;function od(e){return e==null?e===void 0?id:rd:ad&&ad in Object(e)?ed(e):nd(e)}function sd(e){return typeof e==`object`&&!!e}var cd=`[object Symbol]`;function ld(e){return typeof e==`symbol`||sd(e)&&od(e)==cd}function ud(e,t){for(var n=-1,r=e==null?0:e.length,i=Array(r);++n<r;)i[n]=t(e[n],n,e);return i}var dd=Array.isArray,fd=1/0,pd=Yu?Yu.prototype:void 0,md=pd?pd.toString:void 0;function hd(e){if(typeof e==`string`)return e;if(dd(e))return ud(e,hd)+``;if(ld(e))return md?md.call(e):``;var t=e+``;return t==`0`&&1/e==-fd?`-0`:t}function gd(e){var t=typeof e;return e!=null&&(t==`object`||t==`function`)}var _d=`[object AsyncFunction]`,vd=`[object Function]`,yd=`[object GeneratorFunction]`,bd=`[object Proxy]`;function xd(e){if(!gd(e))return!1;var t=od(e);return t==vd||t==yd||t==_d||t==bd}var Sd=Ju[`__core-js_shared__`],Cd=function(){var e=/[^.]+$/.exec(Sd&&Sd.keys&&Sd.keys.IE_PROTO||``);return e?`Symbol(src)_1.`+e:``}();function wd(e){return!!Cd&&Cd in e}var Td=Function.prototype.toString;function Ed(e){if(e!=null){try{return Td.call(e)}catch{}try{return e+``}catch{}}return``}var Dd=/[\\^$.*+?()[\]{}|]/g,Od=/^\[object .+?Constructor\]$/,kd=Function.prototype,Ad=Object.prototype,jd=kd.toString,Md=Ad.hasOwnProperty,Nd=RegExp(`^`+jd.call(Md).replace(Dd,`\\$&`).replace(/hasOwnProperty|(function).*?(?=\\\()| for .+?(?=\\\])/g,`$1.*?`)+`$`);function Pd(e){return!gd(e)||wd(e)?!1:(xd(e)?Nd:Od).test(Ed(e))}function Fd(e,t){return e?.[t]}function Id(e,t){var n=Fd(e,t);return Pd(n)?n:void 0}var Ld=Id(Ju,`WeakMap`),Rd=function(){try{var e=Id(Object,`defineProperty`);return e({},``,{}),e}catch{}}(),zd=0x1fffffffffffff,Bd=/^(?:0|[1-9]\d*)$/;function Vd(e,t){var n=typeof e;return t??=zd,!!t&&(n==`number`||n!=`symbol`&&Bd.test(e))&&e>-1&&e%1==0&&e<t}function Hd(e,t,n){t==`__proto__`&&Rd?Rd(e,t,{configurable:!0,enumerable:!0,value:n,writable:!0}):e[t]=n}function Ud(e,t){return e===t||e!==e&&t!==t}var Wd=Object.prototype.hasOwnProperty;function Gd(e,t,n){var r=e[t];(!(Wd.call(e,t)&&Ud(r,n))||n===void 0&&!(t in e))&&Hd(e,t,n)}var Kd=0x1fffffffffffff;function qd(e){return typeof e==`number`&&e>-1&&e%1==0&&e<=Kd}function Jd(e){return e!=null&&qd(e.length)&&!xd(e)}var Yd=Object.prototype;function Xd(e){var t=e&&e.constructor;return e===(typeof t==`function`&&t.prototype||Yd)}function Zd(e,t){for(var n=-1,r=Array(e);++n<e;)r[n]=t(n);return r}var Qd=`[object Arguments]`;function $d(e){return sd(e)&&od(e)==Qd}var ef=Object.prototype,tf=ef.hasOwnProperty,nf=ef.propertyIsEnumerable,rf=$d(function(){return arguments}())?$d:function(e){return sd(e)&&tf.call(e,`callee`)&&!nf.call(e,`callee`)};function af(){return!1}var of=typeof exports==`object`&&exports&&!exports.nodeType&&exports,sf=of&&typeof module==`object`&&module&&!module.nodeType&&module,cf=sf&&sf.exports===of?Ju.Buffer:void 0,lf=(cf?cf.isBuffer:void 0)||af,uf=`[object Arguments]`,df=`[object Array]`,ff=`[object Boolean]`,pf=`[object Date]`,mf=`[object Error]`,hf=`[object Function]`,gf=`[object Map]`,_f=`[object Number]`,vf=`[object Object]`,yf=`[object RegExp]`,bf=`[object Set]`,xf=`[object String]`,Sf=`[object WeakMap]`,Cf=`[object ArrayBuffer]`,wf=`[object DataView]`,Tf=`[object Float32Array]`,Ef=`[object Float64Array]`,Df=`[object Int8Array]`,Of=`[object Int16Array]`,kf=`[object Int32Array]`,Af=`[object Uint8Array]`,jf=`[object Uint8ClampedArray]`,Mf=`[object Uint16Array]`,Nf=`[object Uint32Array]`,H={};H[Tf]=H[Ef]=H[Df]=H[Of]=H[kf]=H[Af]=H[jf]=H[Mf]=H[Nf]=!0,H[uf]=H[df]=H[Cf]=H[ff]=H[wf]=H[pf]=H[mf]=H[hf]=H[gf]=H[_f]=H[vf]=H[yf]=H[bf]=H[xf]=H[Sf]=!1;function Pf(e){return sd(e)&&qd(e.length)&&!!H[od(e)]}function Ff(e){return function(t){return e(t)}}var If=typeof exports==`object`&&exports&&!exports.nodeType&&exports,Lf=If&&typeof module==`object`&&module&&!module.nodeType&&module,Rf=Lf&&Lf.exports===If&&Ku.process,zf=function(){try{return Lf&&Lf.require&&Lf.require(`util`).types||Rf&&Rf.binding&&Rf.binding(`util`)}catch{}}(),Bf=zf&&zf.isTypedArray,Vf=Bf?Ff(Bf):Pf,Hf=Object.prototype.hasOwnProperty;function Uf(e,t){var n=dd(e),r=!n&&rf(e),i=!n&&!r&&lf(e),a=!n&&!r&&!i&&Vf(e),o=n||r||i||a,s=o?Zd(e.length,String):[],c=s.length;for(var l in e)(t||Hf.call(e,l))&&!(o&&(l==`length`||i&&(l==`offset`||l==`parent`)||a&&(l==`buffer`||l==`byteLength`||l==`byteOffset`)||Vd(l,c)))&&s.push(l);return s}function Wf(e,t){return function(n){return e(t(n))}}var Gf=Wf(Object.keys,Object),Kf=Object.prototype.hasOwnProperty;function qf(e){if(!Xd(e))return Gf(e);var t=[];for(var n in Object(e))Kf.call(e,n)&&n!=`constructor`&&t.push(n);return t}function Jf(e){return Jd(e)?Uf(e):qf(e)}var Yf=/\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/,Xf=/^\w*$/;function Zf(e,t){if(dd(e))return!1;var n=typeof e;return n==`number`||n==`symbol`||n==`boolean`||e==null||ld(e)?!0:Xf.test(e)||!Yf.test(e)||t!=null&&e in Object(t)}var Qf=Id(Object,`create`),$f=`__lodash_hash_undefined__`,ep=Object.prototype.hasOwnProperty,tp=Object.prototype.hasOwnProperty,np=`__lodash_hash_undefined__`;function rp(e){var t=-1,n=e==null?0:e.length;for(this.clear();++t<n;){var r=e[t];this.set(r[0],r[1])}}rp.prototype.clear=function(){this.__data__=Qf?Qf(null):{},this.size=0},rp.prototype.delete=function(e){var t=this.has(e)&&delete this.__data__[e];return this.size-=+!!t,t},rp.prototype.get=function(e){var t=this.__data__;if(Qf){var n=t[e];return n===$f?void 0:n}return ep.call(t,e)?t[e]:void 0},rp.prototype.has=function(e){var t=this.__data__;return Qf?t[e]!==void 0:tp.call(t,e)},rp.prototype.set=function(e,t){var n=this.__data__;return this.size+=+!this.has(e),n[e]=Qf&&t===void 0?np:t,this};function ip(e,t){for(var n=e.length;n--;)if(Ud(e[n][0],t))return n;return-1}var ap=Array.prototype.splice;function op(e){var t=-1,n=e==null?0:e.length;for(this.clear();++t<n;){var r=e[t];this.set(r[0],r[1])}}op.prototype.clear=function(){this.__data__=[],this.size=0},op.prototype.delete=function(e){var t=this.__data__,n=ip(t,e);return n<0?!1:(n==t.length-1?t.pop():ap.call(t,n,1),--this.size,!0)},op.prototype.get=function(e){var t=this.__data__,n=ip(t,e);return n<0?void 0:t[n][1]},op.prototype.has=function(e){return ip(this.__data__,e)>-1},op.prototype.set=function(e,t){var n=this.__data__,r=ip(n,e);return r<0?(++this.size,n.push([e,t])):n[r][1]=t,this};var sp=Id(Ju,`Map`);function cp(e){var t=typeof e;return t==`string`||t==`number`||t==`symbol`||t==`boolean`?e!==`__proto__`:e===null}function lp(e,t){var n=e.__data__;return cp(t)?n[typeof t==`string`?`string`:`hash`]:n.map}function up(e){var t=-1,n=e==null?0:e.length;for(this.clear();++t<n;){var r=e[t];this.set(r[0],r[1])}}up.prototype.clear=function(){this.size=0,this.__data__={hash:new rp,map:new(sp||op),string:new rp}},up.prototype.delete=function(e){var t=lp(this,e).delete(e);return this.size-=+!!t,t},up.prototype.get=function(e){return lp(this,e).get(e)},up.prototype.has=function(e){return lp(this,e).has(e)},up.prototype.set=function(e,t){var n=lp(this,e),r=n.size;return n.set(e,t),this.size+=n.size==r?0:1,this};var dp=`Expected a function`;function fp(e,t){if(typeof e!=`function`||t!=null&&typeof t!=`function`)throw TypeError(dp);var n=function(){var r=arguments,i=t?t.apply(this,r):r[0],a=n.cache;if(a.has(i))return a.get(i);var o=e.apply(this,r);return n.cache=a.set(i,o)||a,o};return n.cache=new(fp.Cache||up),n}fp.Cache=up;var pp=500;function mp(e){var t=fp(e,function(e){return n.size===pp&&n.clear(),e}),n=t.cache;return t}var hp=/[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g,gp=/\\(\\)?/g,_p=mp(function(e){var t=[];return e.charCodeAt(0)===46&&t.push(``),e.replace(hp,function(e,n,r,i){t.push(r?i.replace(gp,`$1`):n||e)}),t});function vp(e){return e==null?``:hd(e)}function yp(e,t){return dd(e)?e:Zf(e,t)?[e]:_p(vp(e))}var bp=1/0;function xp(e){if(typeof e==`string`||ld(e))return e;var t=e+``;return t==`0`&&1/e==-bp?`-0`:t}function Sp(e,t){t=yp(t,e);for(var n=0,r=t.length;e!=null&&n<r;)e=e[xp(t[n++])];return n&&n==r?e:void 0}function Cp(e,t,n){var r=e==null?void 0:Sp(e,t);return r===void 0?n:r}function wp(e,t){for(var n=-1,r=t.length,i=e.length;++n<r;)e[i+n]=t[n];return e}var Tp=Wf(Object.getPrototypeOf,Object),Ep=`[object Object]`,Dp=Function.prototype,Op=Object.prototype,kp=Dp.toString,Ap=Op.hasOwnProperty,jp=kp.call(Object);function Mp(e){if(!sd(e)||od(e)!=Ep)return!1;var t=Tp(e);if(t===null)return!0;var n=Ap.call(t,`constructor`)&&t.constructor;return typeof n==`function`&&n instanceof n&&kp.call(n)==jp}var Np=200;function Pp(e){var t=this.__data__=new op(e);this.size=t.size}Pp.prototype.clear=function(){this.__data__=new op,this.size=0},Pp.prototype.delete=function(e){var t=this.__data__,n=t.delete(e);return this.size=t.size,n},Pp.prototype.get=function(e){return this.__data__.get(e)},Pp.prototype.has=function(e){return this.__data__.has(e)},Pp.prototype.set=function(e,t){var n=this.__data__;if(n instanceof op){var r=n.__data__;if(!sp||r.length<Np-1)return r.push([e,t]),this.size=++n.size,this;n=this.__data__=new up(r)}return n.set(e,t),this.size=n.size,this};function Fp(e,t){for(var n=-1,r=e==null?0:e.length,i=0,a=[];++n<r;){var o=e[n];t(o,n,e)&&(a[i++]=o)}return a}function Ip(){return[]}var Lp=Object.prototype.propertyIsEnumerable,Rp=Object.getOwnPropertySymbols,zp=Rp?function(e){return e==null?[]:(e=Object(e),Fp(Rp(e),function(t){return Lp.call(e,t)}))}:Ip;function Bp(e,t,n){var r=t(e);return dd(e)?r:wp(r,n(e))}function Vp(e){return Bp(e,Jf,zp)}var Hp=Id(Ju,`DataView`),Up=Id(Ju,`Promise`),Wp=Id(Ju,`Set`),Gp=`[object Map]`,Kp=`[object Object]`,qp=`[object Promise]`,Jp=`[object Set]`,Yp=`[object WeakMap]`,Xp=`[object DataView]`,Zp=Ed(Hp),Qp=Ed(sp),$p=Ed(Up),em=Ed(Wp),tm=Ed(Ld),nm=od;(Hp&&nm(new Hp(new ArrayBuffer(1)))!=Xp||sp&&nm(new sp)!=Gp||Up&&nm(Up.resolve())!=qp||Wp&&nm(new Wp)!=Jp||Ld&&nm(new Ld)!=Yp)&&(nm=function(e){var t=od(e),n=t==Kp?e.constructor:void 0,r=n?Ed(n):``;if(r)switch(r){case Zp:return Xp;case Qp:return Gp;case $p:return qp;case em:return Jp;case tm:return Yp}return t});var rm=nm,im=Ju.Uint8Array,am=`__lodash_hash_undefined__`;function om(e){var t=-1,n=e==null?0:e.length;for(this.__data__=new up;++t<n;)this.add(e[t])}om.prototype.add=om.prototype.push=function(e){return this.__data__.set(e,am),this},om.prototype.has=function(e){return this.__data__.has(e)};function sm(e,t){for(var n=-1,r=e==null?0:e.length;++n<r;)if(t(e[n],n,e))return!0;return!1}function cm(e,t){return e.has(t)}var lm=1,um=2;function dm(e,t,n,r,i,a){var o=n&lm,s=e.length,c=t.length;if(s!=c&&!(o&&c>s))return!1;var l=a.get(e),u=a.get(t);if(l&&u)return l==t&&u==e;var d=-1,f=!0,p=n&um?new om:void 0;for(a.set(e,t),a.set(t,e);++d<s;){var m=e[d],h=t[d];if(r)var g=o?r(h,m,d,t,e,a):r(m,h,d,e,t,a);if(g!==void 0){if(g)continue;f=!1;break}if(p){if(!sm(t,function(e,t){if(!cm(p,t)&&(m===e||i(m,e,n,r,a)))return p.push(t)})){f=!1;break}}else if(!(m===h||i(m,h,n,r,a))){f=!1;break}}return a.delete(e),a.delete(t),f}function fm(e){var t=-1,n=Array(e.size);return e.forEach(function(e,r){n[++t]=[r,e]}),n}function pm(e){var t=-1,n=Array(e.size);return e.forEach(function(e){n[++t]=e}),n}var mm=1,hm=2,gm=`[object Boolean]`,_m=`[object Date]`,vm=`[object Error]`,ym=`[object Map]`,bm=`[object Number]`,xm=`[object RegExp]`,Sm=`[object Set]`,Cm=`[object String]`,wm=`[object Symbol]`,Tm=`[object ArrayBuffer]`,Em=`[object DataView]`,Dm=Yu?Yu.prototype:void 0,Om=Dm?Dm.valueOf:void 0;function km(e,t,n,r,i,a,o){switch(n){case Em:if(e.byteLength!=t.byteLength||e.byteOffset!=t.byteOffset)return!1;e=e.buffer,t=t.buffer;case Tm:return!(e.byteLength!=t.byteLength||!a(new im(e),new im(t)));case gm:case _m:case bm:return Ud(+e,+t);case vm:return e.name==t.name&&e.message==t.message;case xm:case Cm:return e==t+``;case ym:var s=fm;case Sm:var c=r&mm;if(s||=pm,e.size!=t.size&&!c)return!1;var l=o.get(e);if(l)return l==t;r|=hm,o.set(e,t);var u=dm(s(e),s(t),r,i,a,o);return o.delete(e),u;case wm:if(Om)return Om.call(e)==Om.call(t)}return!1}var Am=1,jm=Object.prototype.hasOwnProperty;function Mm(e,t,n,r,i,a){var o=n&Am,s=Vp(e),c=s.length;if(c!=Vp(t).length&&!o)return!1;for(var l=c;l--;){var u=s[l];if(!(o?u in t:jm.call(t,u)))return!1}var d=a.get(e),f=a.get(t);if(d&&f)return d==t&&f==e;var p=!0;a.set(e,t),a.set(t,e);for(var m=o;++l<c;){u=s[l];var h=e[u],g=t[u];if(r)var _=o?r(g,h,u,t,e,a):r(h,g,u,e,t,a);if(!(_===void 0?h===g||i(h,g,n,r,a):_)){p=!1;break}m||=u==`constructor`}if(p&&!m){var v=e.constructor,y=t.constructor;v!=y&&`constructor`in e&&`constructor`in t&&!(typeof v==`function`&&v instanceof v&&typeof y==`function`&&y instanceof y)&&(p=!1)}return a.delete(e),a.delete(t),p}var Nm=1,Pm=`[object Arguments]`,Fm=`[object Array]`,Im=`[object Object]`,Lm=Object.prototype.hasOwnProperty;function Rm(e,t,n,r,i,a){var o=dd(e),s=dd(t),c=o?Fm:rm(e),l=s?Fm:rm(t);c=c==Pm?Im:c,l=l==Pm?Im:l;var u=c==Im,d=l==Im,f=c==l;if(f&&lf(e)){if(!lf(t))return!1;o=!0,u=!1}if(f&&!u)return a||=new Pp,o||Vf(e)?dm(e,t,n,r,i,a):km(e,t,c,n,r,i,a);if(!(n&Nm)){var p=u&&Lm.call(e,`__wrapped__`),m=d&&Lm.call(t,`__wrapped__`);if(p||m){var h=p?e.value():e,g=m?t.value():t;return a||=new Pp,i(h,g,n,r,a)}}return f?(a||=new Pp,Mm(e,t,n,r,i,a)):!1}function zm(e,t,n,r,i){return e===t?!0:e==null||t==null||!sd(e)&&!sd(t)?e!==e&&t!==t:Rm(e,t,n,r,zm,i)}function Bm(e){for(var t=-1,n=e==null?0:e.length,r={};++t<n;){var i=e[t];Hd(r,i[0],i[1])}return r}function Vm(e,t){return zm(e,t)}function Hm(e){return e==null}function Um(e,t,n,r){if(!gd(e))return e;t=yp(t,e);for(var i=-1,a=t.length,o=a-1,s=e;s!=null&&++i<a;){var c=xp(t[i]),l=n;if(c===`__proto__`||c===`constructor`||c===`prototype`)return e;if(i!=o){var u=s[c];l=r?r(u,c,s):void 0,l===void 0&&(l=gd(u)?u:Vd(t[i+1])?[]:{})}Gd(s,c,l),s=s[c]}return e}function Wm(e,t,n){return e==null?e:Um(e,t,n)}var Gm=e=>e===void 0,Km=e=>typeof e==`boolean`,qm=e=>typeof e==`number`,Jm=e=>!e&&e!==0||m(e)&&e.length===0||S(e)&&!Object.keys(e).length,Ym=e=>typeof Element>`u`?!1:e instanceof Element,Xm=e=>Hm(e),Zm=e=>b(e)?!Number.isNaN(Number(e)):!1,Qm=e=>Object.keys(e),$m=(e,t,n)=>({get value(){return Cp(e,t,n)},set value(n){Wm(e,t,n)}}),eh=`__epPropKey`,th=e=>e,nh=e=>S(e)&&!!e.__epPropKey,rh=(e,t)=>{if(!S(e)||nh(e))return e;let{values:n,required:r,default:i,type:a,validator:o}=e,s={type:a,required:!!r,validator:n||o?r=>{let a=!1,s=[];if(n&&(s=Array.from(n),p(e,`default`)&&s.push(i),a||=s.includes(r)),o&&(a||=o(r)),!a&&s.length>0){let e=[...new Set(s)].map(e=>JSON.stringify(e)).join(`, `);Sc(`Invalid prop: validation failed${t?` for prop "${t}"`:``}. Expected one of [${e}], got value ${JSON.stringify(r)}.`)}return a}:void 0,[eh]:!0};return p(e,`default`)&&(s.default=i),s},ih=e=>Bm(Object.entries(e).map(([e,t])=>[e,rh(t,e)])),ah=class extends Error{constructor(e){super(e),this.name=`ElementPlusError`}};function oh(e,t){throw new ah(`[${e}] ${t}`)}function sh(e,t){{let n=b(e)?new ah(`[${e}] ${t}`):e;console.warn(n)}}function ch(e,t){let n=dn();return Dr(()=>{n.value=e()},{...t,flush:t?.flush??`sync`}),$t(n)}function lh(e,t){return Fe()?(Ie(e,t),!0):!1}var uh=typeof window<`u`&&typeof document<`u`;typeof WorkerGlobalScope<`u`&&globalThis instanceof WorkerGlobalScope;var dh=e=>e!=null,fh=Object.prototype.toString,ph=e=>fh.call(e)===`[object Object]`,mh=()=>{},hh=gh();function gh(){var e,t;return uh&&!!((e=window)!=null&&(e=e.navigator)!=null&&e.userAgent)&&(/iP(?:ad|hone|od)/.test(window.navigator.userAgent)||((t=window)==null||(t=t.navigator)==null?void 0:t.maxTouchPoints)>2&&/iPad|Macintosh/.test(window?.navigator.userAgent))}function _h(e,t){function n(...n){return new Promise((r,i)=>{Promise.resolve(e(()=>t.apply(this,n),{fn:t,thisArg:this,args:n})).then(r).catch(i)})}return`cancel`in e&&Object.assign(n,{cancel:e.cancel,flush:e.flush,isPending:e.isPending}),n}function vh(e,t={}){let n,r,i=mh,a=mh,o=dn(!1),s=e=>{clearTimeout(e),i(),i=mh},c;return Object.assign(l=>{let u=gn(e),d=gn(t.maxWait);return n&&s(n),u<=0||d!==void 0&&d<=0?(r&&=(s(r),void 0),o.value=!1,Promise.resolve(l())):(o.value=!0,new Promise((e,f)=>{i=t.rejectOnCancel?f:e,a=e,c=l,d&&!r&&(r=setTimeout(()=>{n&&s(n),r=void 0,o.value=!1,e(c())},d)),n=setTimeout(()=>{r&&s(r),r=void 0,o.value=!1,e(l())},u)}))},{cancel:()=>{n&&=(s(n),void 0),r&&=(s(r),void 0),o.value=!1,a=mh},flush:()=>{if(o.value){n&&=(clearTimeout(n),void 0),r&&=(clearTimeout(r),void 0),o.value=!1;let e=a;i=mh,a=mh,e(c())}},isPending:en(o)})}function yh(e){return Array.isArray(e)?e:[e]}function bh(e,t=200,n={}){return _h(vh(t,n),e)}function xh(e,t=200,n={}){let r=un(gn(e)),i=bh(()=>{r.value=e.value},t,n);return Ar(e,()=>i()),en(r)}function Sh(e,t,n={}){let{immediate:r=!0,immediateCallback:i=!1}=n,a=dn(!1),o;function s(){o&&=(clearTimeout(o),void 0)}function c(){a.value=!1,s()}function l(...n){i&&e(),s(),a.value=!0,o=setTimeout(()=>{a.value=!1,o=void 0,e(...n)},gn(t))}return r&&(a.value=!0,uh&&l()),lh(c),{isPending:en(a),start:l,stop:c}}function Ch(e,t,n){return Ar(e,t,{...n,immediate:!0})}var wh={name:`en`,el:{breadcrumb:{label:`Breadcrumb`},colorpicker:{confirm:`OK`,clear:`Clear`,defaultLabel:`color picker`,description:`current color is {color}. press enter to select a new color.`,alphaLabel:`pick alpha value`,alphaDescription:`alpha {alpha}, current color is {color}`,hueLabel:`pick hue value`,hueDescription:`hue {hue}, current color is {color}`,svLabel:`pick saturation and brightness value`,svDescription:`saturation {saturation}, brightness {brightness}, current color is {color}`,predefineDescription:`select {value} as the color`},datepicker:{now:`Now`,today:`Today`,cancel:`Cancel`,clear:`Clear`,confirm:`OK`,dateTablePrompt:`Use the arrow keys and enter to select the day of the month`,monthTablePrompt:`Use the arrow keys and enter to select the month`,quarterTablePrompt:`Use the arrow keys and enter to select the quarter`,yearTablePrompt:`Use the arrow keys and enter to select the year`,selectedDate:`Selected date`,selectDate:`Select date`,selectTime:`Select time`,startDate:`Start Date`,startTime:`Start Time`,endDate:`End Date`,endTime:`End Time`,prevYear:`Previous Year`,nextYear:`Next Year`,prevMonth:`Previous Month`,nextMonth:`Next Month`,year:``,month1:`January`,month2:`February`,month3:`March`,month4:`April`,month5:`May`,month6:`June`,month7:`July`,month8:`August`,month9:`September`,month10:`October`,month11:`November`,month12:`December`,weeks:{sun:`Sun`,mon:`Mon`,tue:`Tue`,wed:`Wed`,thu:`Thu`,fri:`Fri`,sat:`Sat`},weeksFull:{sun:`Sunday`,mon:`Monday`,tue:`Tuesday`,wed:`Wednesday`,thu:`Thursday`,fri:`Friday`,sat:`Saturday`},months:{jan:`Jan`,feb:`Feb`,mar:`Mar`,apr:`Apr`,may:`May`,jun:`Jun`,jul:`Jul`,aug:`Aug`,sep:`Sep`,oct:`Oct`,nov:`Nov`,dec:`Dec`}},input:{characters:`{count} / {max} characters`},inputNumber:{decrease:`decrease number`,increase:`increase number`},select:{loading:`Loading`,noMatch:`No matching data`,noData:`No data`,placeholder:`Select`},mention:{loading:`Loading`},dropdown:{toggleDropdown:`Toggle Dropdown`},cascader:{noMatch:`No matching data`,loading:`Loading`,placeholder:`Select`,noData:`No data`},pagination:{goto:`Go to`,pagesize:`/page`,total:`Total {total}`,pageClassifier:``,page:`Page`,prev:`Go to previous page`,next:`Go to next page`,currentPage:`page {pager}`,prevPages:`Previous {pager} pages`,nextPages:`Next {pager} pages`,deprecationWarning:`Deprecated usages detected, please refer to the el-pagination documentation for more details`},dialog:{close:`Close this dialog`},drawer:{close:`Close this dialog`},messagebox:{title:`Message`,confirm:`OK`,cancel:`Cancel`,error:`Illegal input`,close:`Close this dialog`},upload:{deleteTip:`press delete to remove`,delete:`Delete`,preview:`Preview`,continue:`Continue`},slider:{defaultLabel:`slider between {min} and {max}`,defaultRangeStartLabel:`pick start value`,defaultRangeEndLabel:`pick end value`},table:{emptyText:`No Data`,confirmFilter:`Confirm`,resetFilter:`Reset`,clearFilter:`All`,sumText:`Sum`,selectAllLabel:`Select all rows`,selectRowLabel:`Select this row`,expandRowLabel:`Expand this row`,collapseRowLabel:`Collapse this row`,sortLabel:`Sort by {column}`,filterLabel:`Filter by {column}`},tag:{close:`Close this tag`},tour:{next:`Next`,previous:`Previous`,finish:`Finish`,close:`Close this dialog`},tree:{emptyText:`No Data`},transfer:{noMatch:`No matching data`,noData:`No data`,titles:[`List 1`,`List 2`],filterPlaceholder:`Enter keyword`,noCheckedFormat:`{total} items`,hasCheckedFormat:`{checked}/{total} checked`},image:{error:`FAILED`},pageHeader:{title:`Back`},popconfirm:{confirmButtonText:`Yes`,cancelButtonText:`No`},carousel:{leftArrow:`Carousel arrow left`,rightArrow:`Carousel arrow right`,indicator:`Carousel switch to index {index}`},inputOTP:{groupLabel:`OTP Input`,defaultLabel:`Please enter OTP character {index}`}}},Th=e=>(t,n)=>Eh(t,n,hn(e)),Eh=(e,t,n)=>Cp(n,e,e).replace(/\{(\w+)\}/g,(e,n)=>`${t?.[n]??`{${n}}`}`),Dh=e=>({lang:V(()=>hn(e).name),locale:I(e)?e:un(e),t:Th(e)}),Oh=Symbol(`localeContextKey`),kh=e=>{let t=e||L(Oh,un());return Dh(V(()=>t.value||wh))},Ah=`is-`,jh=(e,t,n,r,i)=>{let a=`${e}-${t}`;return n&&(a+=`-${n}`),r&&(a+=`__${r}`),i&&(a+=`--${i}`),a},Mh=Symbol(`namespaceContextKey`),Nh=e=>{let t=e||(B()?L(Mh,un(`el`)):un(`el`));return V(()=>hn(t)||`el`)},Ph=(e,t)=>{let n=Nh(t);return{namespace:n,b:(t=``)=>jh(n.value,e,t,``,``),e:t=>t?jh(n.value,e,``,t,``):``,m:t=>t?jh(n.value,e,``,``,t):``,be:(t,r)=>t&&r?jh(n.value,e,t,r,``):``,em:(t,r)=>t&&r?jh(n.value,e,``,t,r):``,bm:(t,r)=>t&&r?jh(n.value,e,t,``,r):``,bem:(t,r,i)=>t&&r&&i?jh(n.value,e,t,r,i):``,is:(e,...t)=>{let n=t.length>=1?t[0]:!0;return e&&n?`${Ah}${e}`:``},cssVar:e=>{let t={};for(let r in e)e[r]&&(t[`--${n.value}-${r}`]=e[r]);return t},cssVarName:e=>`--${n.value}-${e}`,cssVarBlock:t=>{let r={};for(let i in t)t[i]&&(r[`--${n.value}-${e}-${i}`]=t[i]);return r},cssVarBlockName:t=>`--${n.value}-${e}-${t}`}},Fh={current:0},Ih=un(0),Lh=2e3,Rh=Symbol(`elZIndexContextKey`),zh=Symbol(`zIndexContextKey`),Bh=e=>{let t=B()?L(Rh,Fh):Fh,n=e||(B()?L(zh,void 0):void 0),r=V(()=>{let e=hn(n);return qm(e)?e:Lh}),i=V(()=>r.value+Ih.value);return!uh&&!L(Rh)&&sh(`ZIndexInjection`,`Looks like you are using server rendering, you must provide a z-index provider to ensure the hydration process to be succeed
usage: app.provide(ZINDEX_INJECTION_KEY, { current: 0 })`),{initialZIndex:r,currentZIndex:i,nextZIndex:()=>(t.current++,Ih.value=t.current,i.value)}},Vh=rh({type:String,values:Gu,required:!1}),Hh=Symbol(`size`),Uh=()=>{let e=L(Hh,{});return V(()=>hn(e.size)||``)},Wh=Symbol(`emptyValuesContextKey`),Gh=`use-empty-values`,Kh=[``,void 0,null],qh=ih({emptyValues:Array,valueOnClear:{type:th([String,Number,Boolean,Function]),default:void 0,validator:e=>(e=y(e)?e():e,m(e)?e.every(e=>!e):!e)}}),Jh=(e,t)=>{let n=B()?L(Wh,un({})):un({}),r=V(()=>e.emptyValues||n.value.emptyValues||Kh),i=V(()=>y(e.valueOnClear)?e.valueOnClear():e.valueOnClear===void 0?y(n.value.valueOnClear)?n.value.valueOnClear():n.value.valueOnClear===void 0?t===void 0?void 0:t:n.value.valueOnClear:e.valueOnClear),a=e=>{let t=!0;return t=m(e)?r.value.some(t=>Vm(e,t)):r.value.includes(e),t};return a(i.value)||sh(Gh,`value-on-clear should be a value of empty-values`),{emptyValues:r,valueOnClear:i,isEmptyValue:a}},Yh=e=>{let t=e.props,n=m(t)?Bm(t.map(e=>[e,{}])):t;e.setPropsDefaults=t=>{if(n){for(let[e,r]of Object.entries(t)){let t=n[e];p(n,e)&&(Mp(t)?n[e]={...t,default:r}:n[e]={type:t,default:r})}e.props=n}}},Xh=(e,t)=>{if(e.install=n=>{for(let r of[e,...Object.values(t??{})])n.component(r.name,r)},t)for(let[n,r]of Object.entries(t))e[n]=r;return Yh(e),e},Zh=(e,t)=>(e.install=n=>{e._context=n._context,n.config.globalProperties[t]=e},e),Qh=e=>(e.install=o,Yh(e),e),$h=Symbol(),eg=un();function tg(e,t=void 0){let n=B()?L($h,eg):eg;return e?V(()=>n.value?.[e]??t):n}function ng(e,t){let n=tg(),r=Ph(e,V(()=>n.value?.namespace||`el`)),i=kh(V(()=>n.value?.locale)),a=Bh(V(()=>{let e=n.value?.zIndex;return Hm(e)||Number.isNaN(e)?Lh:e})),o=V(()=>hn(t)||n.value?.size||``);return rg(V(()=>hn(n)||{})),{ns:r,locale:i,zIndex:a,size:o}}var rg=(e,t,n=!1)=>{let r=!!B(),i=r?tg():void 0,a=t?.provide??(r?Cr:void 0);if(!a){sh(`provideGlobalConfig`,`provideGlobalConfig() can only be used inside setup().`);return}let o=V(()=>{let t=hn(e);return i?.value?ig(i.value,t):t});return a($h,o),a(Oh,V(()=>o.value.locale)),a(Mh,V(()=>o.value.namespace)),a(zh,V(()=>o.value.zIndex)),a(Hh,{size:V(()=>o.value.size||``)}),a(Wh,V(()=>({emptyValues:o.value.emptyValues,valueOnClear:o.value.valueOnClear}))),(n||!eg.value)&&(eg.value=o.value),o},ig=(e,t)=>{let n=[...new Set([...Qm(e),...Qm(t)])],r={};for(let i of n)r[i]=t[i]===void 0?e[i]:t[i];return r},ag=ih({a11y:{type:Boolean,default:!0},locale:{type:th(Object)},size:Vh,button:{type:th(Object)},card:{type:th(Object)},dialog:{type:th(Object)},link:{type:th(Object)},experimentalFeatures:{type:th(Object)},keyboardNavigation:{type:Boolean,default:!0},message:{type:th(Object)},zIndex:Number,namespace:{type:String,default:`el`},table:{type:th(Object)},...qh}),og={placement:`top`},sg=Xh(li({name:`ElConfigProvider`,props:ag,setup(e,{slots:t}){let n=rg(e);return Ar(()=>e.message,e=>{Object.assign(og,n?.value?.message??{},e??{})},{immediate:!0,deep:!0}),()=>xa(t,`default`,{config:n?.value})}})),cg={name:`zh-cn`,el:{breadcrumb:{label:`面包屑`},colorpicker:{confirm:`确定`,clear:`清空`,defaultLabel:`颜色选择器`,description:`当前颜色 {color}，按 Enter 键选择新颜色`,alphaLabel:`选择透明度的值`,alphaDescription:`透明度 {alpha}, 当前颜色 {color}`,hueLabel:`选择色相值`,hueDescription:`色相 {hue}, 当前颜色 {color}`,svLabel:`选择饱和度与明度的值`,svDescription:`饱和度 {saturation}, 明度 {brightness}, 当前颜色 {color}`,predefineDescription:`选择 {value} 作为颜色`},datepicker:{now:`此刻`,today:`今天`,cancel:`取消`,clear:`清空`,confirm:`确定`,dateTablePrompt:`使用方向键与 Enter 键可选择日期`,monthTablePrompt:`使用方向键与 Enter 键可选择月份`,quarterTablePrompt:`使用方向键与 Enter 键可选择季度`,yearTablePrompt:`使用方向键与 Enter 键可选择年份`,selectedDate:`已选日期`,selectDate:`选择日期`,selectTime:`选择时间`,startDate:`开始日期`,startTime:`开始时间`,endDate:`结束日期`,endTime:`结束时间`,prevYear:`前一年`,nextYear:`后一年`,prevMonth:`上个月`,nextMonth:`下个月`,year:`年`,month1:`1 月`,month2:`2 月`,month3:`3 月`,month4:`4 月`,month5:`5 月`,month6:`6 月`,month7:`7 月`,month8:`8 月`,month9:`9 月`,month10:`10 月`,month11:`11 月`,month12:`12 月`,weeks:{sun:`日`,mon:`一`,tue:`二`,wed:`三`,thu:`四`,fri:`五`,sat:`六`},weeksFull:{sun:`星期日`,mon:`星期一`,tue:`星期二`,wed:`星期三`,thu:`星期四`,fri:`星期五`,sat:`星期六`},months:{jan:`一月`,feb:`二月`,mar:`三月`,apr:`四月`,may:`五月`,jun:`六月`,jul:`七月`,aug:`八月`,sep:`九月`,oct:`十月`,nov:`十一月`,dec:`十二月`}},input:{characters:`{count} / {max} 个字符`},inputNumber:{decrease:`减少数值`,increase:`增加数值`},select:{loading:`加载中`,noMatch:`无匹配数据`,noData:`无数据`,placeholder:`请选择`},mention:{loading:`加载中`},dropdown:{toggleDropdown:`切换下拉选项`},cascader:{noMatch:`无匹配数据`,loading:`加载中`,placeholder:`请选择`,noData:`暂无数据`},pagination:{goto:`前往`,pagesize:`条/页`,total:`共 {total} 条`,pageClassifier:`页`,page:`页`,prev:`上一页`,next:`下一页`,currentPage:`第 {pager} 页`,prevPages:`向前 {pager} 页`,nextPages:`向后 {pager} 页`,deprecationWarning:`你使用了一些已被废弃的用法，请参考 el-pagination 的官方文档`},dialog:{close:`关闭此对话框`},drawer:{close:`关闭此对话框`},messagebox:{title:`提示`,confirm:`确定`,cancel:`取消`,error:`输入的数据不合法!`,close:`关闭此对话框`},upload:{deleteTip:`按 Delete 键可删除`,delete:`删除`,preview:`查看图片`,continue:`继续上传`},slider:{defaultLabel:`滑块介于 {min} 至 {max}`,defaultRangeStartLabel:`选择起始值`,defaultRangeEndLabel:`选择结束值`},table:{emptyText:`暂无数据`,confirmFilter:`筛选`,resetFilter:`重置`,clearFilter:`全部`,sumText:`合计`,selectAllLabel:`选择所有行`,selectRowLabel:`选择当前行`,expandRowLabel:`展开当前行`,collapseRowLabel:`收起当前行`,sortLabel:`按 {column} 排序`,filterLabel:`按 {column} 过滤`},tag:{close:`关闭此标签`},tour:{next:`下一步`,previous:`上一步`,finish:`结束导览`,close:`关闭此对话框`},tree:{emptyText:`暂无数据`},transfer:{noMatch:`无匹配数据`,noData:`无数据`,titles:[`列表 1`,`列表 2`],filterPlaceholder:`请输入搜索内容`,noCheckedFormat:`共 {total} 项`,hasCheckedFormat:`已选 {checked}/{total} 项`},image:{error:`加载失败`},pageHeader:{title:`返回`},popconfirm:{confirmButtonText:`确定`,cancelButtonText:`取消`},carousel:{leftArrow:`上一张幻灯片`,rightArrow:`下一张幻灯片`,indicator:`幻灯片切换至索引 {index}`},inputOTP:{groupLabel:`一次性密码输入框`,defaultLabel:`请输入第 {index} 位 OTP 字符`}}};function lg(e,t){typeof console<`u`&&(console.warn(`[intlify] `+e),t&&console.warn(t.stack))}var ug=typeof window<`u`,dg=(e,t=!1)=>t?Symbol.for(e):Symbol(e),fg=(e,t,n)=>pg({l:e,k:t,s:n}),pg=e=>JSON.stringify(e).replace(/\u2028/g,`\\u2028`).replace(/\u2029/g,`\\u2029`).replace(/\u0027/g,`\\u0027`),mg=e=>typeof e==`number`&&isFinite(e),hg=e=>Ag(e)===`[object Date]`,gg=e=>Ag(e)===`[object RegExp]`,_g=e=>J(e)&&Object.keys(e).length===0,vg=Object.assign,yg=Object.create,U=(e=null)=>yg(e),bg,xg=()=>bg||=typeof globalThis<`u`?globalThis:typeof self<`u`?self:typeof window<`u`?window:typeof global<`u`?global:U();function Sg(e){return e.replace(/&/g,`&amp;`).replace(/</g,`&lt;`).replace(/>/g,`&gt;`).replace(/"/g,`&quot;`).replace(/'/g,`&apos;`).replace(/\//g,`&#x2F;`).replace(/=/g,`&#x3D;`)}function Cg(e){return e.replace(/&(?![a-zA-Z0-9#]{2,6};)/g,`&amp;`).replace(/"/g,`&quot;`).replace(/'/g,`&apos;`).replace(/</g,`&lt;`).replace(/>/g,`&gt;`)}function wg(e){return e=e.replace(/(\w+)\s*=\s*"([^"]*)"/g,(e,t,n)=>`${t}="${Cg(n)}"`),e=e.replace(/(\w+)\s*=\s*'([^']*)'/g,(e,t,n)=>`${t}='${Cg(n)}'`),/\s*on\w+\s*=\s*["']?[^"'>]+["']?/gi.test(e)&&(e=e.replace(/(\s+)(on)(\w+\s*=)/gi,`$1&#111;n$3`)),[/(\s+(?:href|src|action|formaction)\s*=\s*["']?)\s*javascript:/gi,/(style\s*=\s*["'][^"']*url\s*\(\s*)javascript:/gi].forEach(t=>{e=e.replace(t,`$1javascript&#58;`)}),e}var Tg=Object.prototype.hasOwnProperty;function Eg(e,t){return Tg.call(e,t)}var Dg=Array.isArray,W=e=>typeof e==`function`,G=e=>typeof e==`string`,K=e=>typeof e==`boolean`,q=e=>typeof e==`object`&&!!e,Og=e=>q(e)&&W(e.then)&&W(e.catch),kg=Object.prototype.toString,Ag=e=>kg.call(e),J=e=>Ag(e)===`[object Object]`,jg=e=>e==null?``:Dg(e)||J(e)&&e.toString===kg?JSON.stringify(e,null,2):String(e);function Mg(e,t=``){return e.reduce((e,n,r)=>r===0?e+n:e+t+n,``)}var Ng=e=>!q(e)||Dg(e);function Pg(e,t){if(Ng(e)||Ng(t))throw Error(`Invalid value`);let n=[{src:e,des:t}];for(;n.length;){let{src:e,des:t}=n.pop();Object.keys(e).forEach(r=>{r!==`__proto__`&&(q(e[r])&&!q(t[r])&&(t[r]=Array.isArray(e[r])?[]:U()),Ng(t[r])||Ng(e[r])?t[r]=e[r]:n.push({src:e[r],des:t[r]}))})}}function Fg(e,t,n){return{line:e,column:t,offset:n}}function Ig(e,t,n){let r={start:e,end:t};return n!=null&&(r.source=n),r}var Y={EXPECTED_TOKEN:1,INVALID_TOKEN_IN_PLACEHOLDER:2,UNTERMINATED_SINGLE_QUOTE_IN_PLACEHOLDER:3,UNKNOWN_ESCAPE_SEQUENCE:4,INVALID_UNICODE_ESCAPE_SEQUENCE:5,UNBALANCED_CLOSING_BRACE:6,UNTERMINATED_CLOSING_BRACE:7,EMPTY_PLACEHOLDER:8,NOT_ALLOW_NEST_PLACEHOLDER:9,INVALID_LINKED_FORMAT:10,MUST_HAVE_MESSAGES_IN_PLURAL:11,UNEXPECTED_EMPTY_LINKED_MODIFIER:12,UNEXPECTED_EMPTY_LINKED_KEY:13,UNEXPECTED_LEXICAL_ANALYSIS:14,UNHANDLED_CODEGEN_NODE_TYPE:15,UNHANDLED_MINIFIER_NODE_TYPE:16};Y.EXPECTED_TOKEN,Y.INVALID_TOKEN_IN_PLACEHOLDER,Y.UNTERMINATED_SINGLE_QUOTE_IN_PLACEHOLDER,Y.UNKNOWN_ESCAPE_SEQUENCE,Y.INVALID_UNICODE_ESCAPE_SEQUENCE,Y.UNBALANCED_CLOSING_BRACE,Y.UNTERMINATED_CLOSING_BRACE,Y.EMPTY_PLACEHOLDER,Y.NOT_ALLOW_NEST_PLACEHOLDER,Y.INVALID_LINKED_FORMAT,Y.MUST_HAVE_MESSAGES_IN_PLURAL,Y.UNEXPECTED_EMPTY_LINKED_MODIFIER,Y.UNEXPECTED_EMPTY_LINKED_KEY,Y.UNEXPECTED_LEXICAL_ANALYSIS,Y.UNHANDLED_CODEGEN_NODE_TYPE,Y.UNHANDLED_MINIFIER_NODE_TYPE;function Lg(e,t,n={}){let{domain:r,messages:i,args:a}=n,o=SyntaxError(String(e));return o.code=e,t&&(o.location=t),o.domain=r,o}function Rg(e){throw e}var zg=` `,Bg=`\r`,Vg=`
`,Hg=`\u2028`,Ug=`\u2029`;function Wg(e){let t=e,n=0,r=1,i=1,a=0,o=e=>t[e]===Bg&&t[e+1]===Vg,s=e=>t[e]===Vg,c=e=>t[e]===Ug,l=e=>t[e]===Hg,u=e=>o(e)||s(e)||c(e)||l(e),d=()=>n,f=()=>r,p=()=>i,m=()=>a,h=e=>o(e)||c(e)||l(e)?Vg:t[e],g=()=>h(n),_=()=>h(n+a);function v(){return a=0,u(n)&&(r++,i=0),o(n)&&n++,n++,i++,t[n]}function y(){return o(n+a)&&a++,a++,t[n+a]}function b(){n=0,r=1,i=1,a=0}function x(e=0){a=e}function S(){let e=n+a;for(;e!==n;)v();a=0}return{index:d,line:f,column:p,peekOffset:m,charAt:h,currentChar:g,currentPeek:_,next:v,peek:y,reset:b,resetPeek:x,skipToPeek:S}}var Gg=void 0,Kg=`'`,qg=`tokenizer`;function Jg(e,t={}){let n=t.location!==!1,r=Wg(e),i=()=>r.index(),a=()=>Fg(r.line(),r.column(),r.index()),o=a(),s=i(),c={currentType:13,offset:s,startLoc:o,endLoc:o,lastType:13,lastOffset:s,lastStartLoc:o,lastEndLoc:o,braceNest:0,inLinked:!1,text:``},l=()=>c,{onError:u}=t;function d(e,t,r,...i){let a=l();if(t.column+=r,t.offset+=r,u){let r=Lg(e,n?Ig(a.startLoc,t):null,{domain:qg,args:i});u(r)}}function f(e,t,r){e.endLoc=a(),e.currentType=t;let i={type:t};return n&&(i.loc=Ig(e.startLoc,e.endLoc)),r!=null&&(i.value=r),i}let p=e=>f(e,13);function m(e,t){return e.currentChar()===t?(e.next(),t):(d(Y.EXPECTED_TOKEN,a(),0,t),``)}function h(e){let t=``;for(;e.currentPeek()===zg||e.currentPeek()===Vg;)t+=e.currentPeek(),e.peek();return t}function g(e){let t=h(e);return e.skipToPeek(),t}function _(e){if(e===Gg)return!1;let t=e.charCodeAt(0);return t>=97&&t<=122||t>=65&&t<=90||t===95}function v(e){if(e===Gg)return!1;let t=e.charCodeAt(0);return t>=48&&t<=57}function y(e,t){let{currentType:n}=t;if(n!==2)return!1;h(e);let r=_(e.currentPeek());return e.resetPeek(),r}function b(e,t){let{currentType:n}=t;if(n!==2)return!1;h(e);let r=v(e.currentPeek()===`-`?e.peek():e.currentPeek());return e.resetPeek(),r}function x(e,t){let{currentType:n}=t;if(n!==2)return!1;h(e);let r=e.currentPeek()===Kg;return e.resetPeek(),r}function S(e,t){let{currentType:n}=t;if(n!==7)return!1;h(e);let r=e.currentPeek()===`.`;return e.resetPeek(),r}function C(e,t){let{currentType:n}=t;if(n!==8)return!1;h(e);let r=_(e.currentPeek());return e.resetPeek(),r}function w(e,t){let{currentType:n}=t;if(n!==7&&n!==11)return!1;h(e);let r=e.currentPeek()===`:`;return e.resetPeek(),r}function T(e,t){let{currentType:n}=t;if(n!==9)return!1;let r=()=>{let t=e.currentPeek();return t===`{`?_(e.peek()):t===`@`||t===`|`||t===`:`||t===`.`||t===zg||!t?!1:t===Vg?(e.peek(),r()):D(e,!1)},i=r();return e.resetPeek(),i}function E(e){h(e);let t=e.currentPeek()===`|`;return e.resetPeek(),t}function D(e,t=!0){let n=(t=!1,r=``)=>{let i=e.currentPeek();return i===`{`||i===`@`||!i?t:i===`|`?r!==zg&&r!==Vg:i===zg?(e.peek(),n(!0,zg)):i!==Vg||(e.peek(),n(!0,Vg))},r=n();return t&&e.resetPeek(),r}function O(e,t){let n=e.currentChar();if(n!==Gg)return t(n)?(e.next(),n):null}function ee(e){let t=e.charCodeAt(0);return t>=97&&t<=122||t>=65&&t<=90||t>=48&&t<=57||t===95||t===36}function te(e){return O(e,ee)}function ne(e){let t=e.charCodeAt(0);return t>=97&&t<=122||t>=65&&t<=90||t>=48&&t<=57||t===95||t===36||t===45}function k(e){return O(e,ne)}function re(e){let t=e.charCodeAt(0);return t>=48&&t<=57}function A(e){return O(e,re)}function j(e){let t=e.charCodeAt(0);return t>=48&&t<=57||t>=65&&t<=70||t>=97&&t<=102}function ie(e){return O(e,j)}function M(e){let t=``,n=``;for(;t=A(e);)n+=t;return n}function ae(e){let t=``;for(;;){let n=e.currentChar();if(n===`\\`){let r=e.peek();r===`{`||r===`}`||r===`@`||r===`|`||r===`\\`?(t+=n+r,e.next(),e.next()):(e.resetPeek(),t+=n,e.next())}else if(n===`{`||n===`}`||n===`@`||n===`|`||!n)break;else if(n===zg||n===Vg){if(D(e))t+=n,e.next();else if(E(e))break;else t+=n,e.next()}else t+=n,e.next()}return t}function oe(e){g(e);let t=``,n=``;for(;t=k(e);)n+=t;let r=e.currentChar();if(r&&r!==`}`&&r!==Gg&&r!==zg&&r!==Vg&&r!==`　`){let t=fe(e);return d(Y.INVALID_TOKEN_IN_PLACEHOLDER,a(),0,n+t),n+t}return e.currentChar()===Gg&&d(Y.UNTERMINATED_CLOSING_BRACE,a(),0),n}function se(e){g(e);let t=``;return e.currentChar()===`-`?(e.next(),t+=`-${M(e)}`):t+=M(e),e.currentChar()===Gg&&d(Y.UNTERMINATED_CLOSING_BRACE,a(),0),t}function ce(e){return e!==Kg&&e!==Vg}function le(e){g(e),m(e,`'`);let t=``,n=``;for(;t=O(e,ce);)n+=t===`\\`?N(e):t;let r=e.currentChar();return r===Vg||r===Gg?(d(Y.UNTERMINATED_SINGLE_QUOTE_IN_PLACEHOLDER,a(),0),r===Vg&&(e.next(),m(e,`'`)),n):(m(e,`'`),n)}function N(e){let t=e.currentChar();switch(t){case`\\`:case`'`:return e.next(),`\\${t}`;case`u`:return ue(e,t,4);case`U`:return ue(e,t,6);default:return d(Y.UNKNOWN_ESCAPE_SEQUENCE,a(),0,t),``}}function ue(e,t,n){m(e,t);let r=``;for(let i=0;i<n;i++){let n=ie(e);if(!n){d(Y.INVALID_UNICODE_ESCAPE_SEQUENCE,a(),0,`\\${t}${r}${e.currentChar()}`);break}r+=n}return`\\${t}${r}`}function de(e){return e!==`{`&&e!==`}`&&e!==zg&&e!==Vg}function fe(e){g(e);let t=``,n=``;for(;t=O(e,de);)n+=t;return n}function pe(e){let t=``,n=``;for(;t=te(e);)n+=t;return n}function me(e){let t=n=>{let r=e.currentChar();return r===`{`||r===`@`||r===`|`||r===`(`||r===`)`||!r||r===zg?n:(n+=r,e.next(),t(n))};return t(``)}function he(e){g(e);let t=m(e,`|`);return g(e),t}function ge(e,t){let n=null;switch(e.currentChar()){case`{`:return t.braceNest>=1&&d(Y.NOT_ALLOW_NEST_PLACEHOLDER,a(),0),e.next(),n=f(t,2,`{`),g(e),t.braceNest++,n;case`}`:return t.braceNest>0&&t.currentType===2&&d(Y.EMPTY_PLACEHOLDER,a(),0),e.next(),n=f(t,3,`}`),t.braceNest--,t.braceNest>0&&g(e),t.inLinked&&t.braceNest===0&&(t.inLinked=!1),n;case`@`:return t.braceNest>0&&d(Y.UNTERMINATED_CLOSING_BRACE,a(),0),n=_e(e,t)||p(t),t.braceNest=0,n;default:{let r=!0,i=!0,o=!0;if(E(e))return t.braceNest>0&&d(Y.UNTERMINATED_CLOSING_BRACE,a(),0),n=f(t,1,he(e)),t.braceNest=0,t.inLinked=!1,n;if(t.braceNest>0&&(t.currentType===4||t.currentType===5||t.currentType===6))return d(Y.UNTERMINATED_CLOSING_BRACE,a(),0),t.braceNest=0,ve(e,t);if(r=y(e,t))return n=f(t,4,oe(e)),g(e),n;if(i=b(e,t))return n=f(t,5,se(e)),g(e),n;if(o=x(e,t))return n=f(t,6,le(e)),g(e),n;if(!r&&!i&&!o)return n=f(t,12,fe(e)),d(Y.INVALID_TOKEN_IN_PLACEHOLDER,a(),0,n.value),g(e),n;break}}return n}function _e(e,t){let{currentType:n}=t,r=null,i=e.currentChar();switch(n!==7&&n!==8&&n!==11&&n!==9||i!==Vg&&i!==zg||d(Y.INVALID_LINKED_FORMAT,a(),0),i){case`@`:return e.next(),r=f(t,7,`@`),t.inLinked=!0,r;case`.`:return g(e),e.next(),f(t,8,`.`);case`:`:return g(e),e.next(),f(t,9,`:`);default:return E(e)?(r=f(t,1,he(e)),t.braceNest=0,t.inLinked=!1,r):S(e,t)||w(e,t)?(g(e),_e(e,t)):C(e,t)?(g(e),f(t,11,pe(e))):T(e,t)?(g(e),i===`{`?ge(e,t)||r:f(t,10,me(e))):(n===7&&d(Y.INVALID_LINKED_FORMAT,a(),0),t.braceNest=0,t.inLinked=!1,ve(e,t))}}function ve(e,t){let n={type:13};if(t.braceNest>0)return ge(e,t)||p(t);if(t.inLinked)return _e(e,t)||p(t);switch(e.currentChar()){case`{`:return ge(e,t)||p(t);case`}`:return d(Y.UNBALANCED_CLOSING_BRACE,a(),0),e.next(),f(t,3,`}`);case`@`:return _e(e,t)||p(t);default:if(E(e))return n=f(t,1,he(e)),t.braceNest=0,t.inLinked=!1,n;if(D(e))return f(t,0,ae(e))}return n}function ye(){let{currentType:e,offset:t,startLoc:n,endLoc:o}=c;return c.lastType=e,c.lastOffset=t,c.lastStartLoc=n,c.lastEndLoc=o,c.offset=i(),c.startLoc=a(),r.currentChar()===Gg?f(c,13):ve(r,c)}return{nextToken:ye,currentOffset:i,currentPosition:a,context:l}}var Yg=`parser`,Xg=/(?:\\\\|\\'|\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{6}))/g,Zg=/\\([\\@{}|])/g;function Qg(e,t){return t}function $g(e,t,n){switch(e){case`\\\\`:return`\\`;case`\\'`:return`'`;default:{let e=parseInt(t||n,16);return e<=55295||e>=57344?String.fromCodePoint(e):`�`}}}function e_(e={}){let t=e.location!==!1,{onError:n}=e;function r(e,r,i,a,...o){let s=e.currentPosition();if(s.offset+=a,s.column+=a,n){let e=Lg(r,t?Ig(i,s):null,{domain:Yg,args:o});n(e)}}function i(e,n,r){let i={type:e};return t&&(i.start=n,i.end=n,i.loc={start:r,end:r}),i}function a(e,n,r,i){t&&(e.end=n,e.loc&&(e.loc.end=r))}function o(e,t){let n=e.context(),r=i(3,n.offset,n.startLoc);return r.value=t.replace(Zg,Qg),a(r,e.currentOffset(),e.currentPosition()),r}function s(e,t){let{lastOffset:n,lastStartLoc:r}=e.context(),o=i(5,n,r);return o.index=parseInt(t,10),e.nextToken(),a(o,e.currentOffset(),e.currentPosition()),o}function c(e,t){let{lastOffset:n,lastStartLoc:r}=e.context(),o=i(4,n,r);return o.key=t,e.nextToken(),a(o,e.currentOffset(),e.currentPosition()),o}function l(e,t){let{lastOffset:n,lastStartLoc:r}=e.context(),o=i(9,n,r);return o.value=t.replace(Xg,$g),e.nextToken(),a(o,e.currentOffset(),e.currentPosition()),o}function u(e){let t=e.nextToken(),n=e.context(),{lastOffset:o,lastStartLoc:s}=n,c=i(8,o,s);return t.type===11?(t.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,n.lastStartLoc,0,t_(t)),c.value=t.value||``,a(c,e.currentOffset(),e.currentPosition()),{node:c}):(r(e,Y.UNEXPECTED_EMPTY_LINKED_MODIFIER,n.lastStartLoc,0),c.value=``,a(c,o,s),{nextConsumeToken:t,node:c})}function d(e,t){let n=e.context(),r=i(7,n.offset,n.startLoc);return r.value=t,a(r,e.currentOffset(),e.currentPosition()),r}function f(e){let t=e.context(),n=i(6,t.offset,t.startLoc),o=e.nextToken();if(o.type===8){let t=u(e);n.modifier=t.node,o=t.nextConsumeToken||e.nextToken()}switch(o.type!==9&&r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(o)),o=e.nextToken(),o.type===2&&(o=e.nextToken()),o.type){case 10:o.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(o)),n.key=d(e,o.value||``);break;case 4:o.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(o)),n.key=c(e,o.value||``);break;case 5:o.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(o)),n.key=s(e,o.value||``);break;case 6:o.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(o)),n.key=l(e,o.value||``);break;default:{r(e,Y.UNEXPECTED_EMPTY_LINKED_KEY,t.lastStartLoc,0);let s=e.context(),c=i(7,s.offset,s.startLoc);return c.value=``,a(c,s.offset,s.startLoc),n.key=c,a(n,s.offset,s.startLoc),{nextConsumeToken:o,node:n}}}return a(n,e.currentOffset(),e.currentPosition()),{node:n}}function p(e){let t=e.context(),n=i(2,t.currentType===1?e.currentOffset():t.offset,t.currentType===1?t.endLoc:t.startLoc);n.items=[];let u=null;do{let i=u||e.nextToken();switch(u=null,i.type){case 0:i.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(i)),n.items.push(o(e,i.value||``));break;case 5:i.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(i)),n.items.push(s(e,i.value||``));break;case 4:i.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(i)),n.items.push(c(e,i.value||``));break;case 6:i.value??r(e,Y.UNEXPECTED_LEXICAL_ANALYSIS,t.lastStartLoc,0,t_(i)),n.items.push(l(e,i.value||``));break;case 7:{let t=f(e);n.items.push(t.node),u=t.nextConsumeToken||null;break}}}while(t.currentType!==13&&t.currentType!==1);return a(n,t.currentType===1?t.lastOffset:e.currentOffset(),t.currentType===1?t.lastEndLoc:e.currentPosition()),n}function m(e,t,n,o){let s=e.context(),c=o.items.length===0,l=i(1,t,n);l.cases=[],l.cases.push(o);do{let t=p(e);c||=t.items.length===0,l.cases.push(t)}while(s.currentType!==13);return c&&r(e,Y.MUST_HAVE_MESSAGES_IN_PLURAL,n,0),a(l,e.currentOffset(),e.currentPosition()),l}function h(e){let t=e.context(),{offset:n,startLoc:r}=t,i=p(e);return t.currentType===13?i:m(e,n,r,i)}function g(n){let o=Jg(n,vg({},e)),s=o.context(),c=i(0,s.offset,s.startLoc);return t&&c.loc&&(c.loc.source=n),c.body=h(o),e.onCacheKey&&(c.cacheKey=e.onCacheKey(n)),s.currentType!==13&&r(o,Y.UNEXPECTED_LEXICAL_ANALYSIS,s.lastStartLoc,0,n[s.offset]||``),a(c,o.currentOffset(),o.currentPosition()),c}return{parse:g}}function t_(e){if(e.type===13)return`EOF`;let t=(e.value||``).replace(/\r?\n/gu,`\\n`);return t.length>10?t.slice(0,9)+`…`:t}function n_(e,t={}){let n={ast:e,helpers:new Set};return{context:()=>n,helper:e=>(n.helpers.add(e),e)}}function r_(e,t){for(let n=0;n<e.length;n++)i_(e[n],t)}function i_(e,t){switch(e.type){case 1:r_(e.cases,t),t.helper(`plural`);break;case 2:r_(e.items,t);break;case 6:i_(e.key,t),t.helper(`linked`),t.helper(`type`);break;case 5:t.helper(`interpolate`),t.helper(`list`);break;case 4:t.helper(`interpolate`),t.helper(`named`)}}function a_(e,t={}){let n=n_(e);n.helper(`normalize`),e.body&&i_(e.body,n);let r=n.context();e.helpers=Array.from(r.helpers)}function o_(e){let t=e.body;return t.type===2?s_(t):t.cases.forEach(e=>s_(e)),e}function s_(e){if(e.items.length===1){let t=e.items[0];(t.type===3||t.type===9)&&(e.static=t.value,delete t.value)}else{let t=[];for(let n=0;n<e.items.length;n++){let r=e.items[n];if(r.type!==3&&r.type!==9||r.value==null)break;t.push(r.value)}if(t.length===e.items.length){e.static=Mg(t);for(let t=0;t<e.items.length;t++){let n=e.items[t];(n.type===3||n.type===9)&&delete n.value}}}}function c_(e){switch(e.t=e.type,e.type){case 0:{let t=e;c_(t.body),t.b=t.body,delete t.body;break}case 1:{let t=e,n=t.cases;for(let e=0;e<n.length;e++)c_(n[e]);t.c=n,delete t.cases;break}case 2:{let t=e,n=t.items;for(let e=0;e<n.length;e++)c_(n[e]);t.i=n,delete t.items,t.static&&(t.s=t.static,delete t.static);break}case 3:case 9:case 8:case 7:{let t=e;t.value&&(t.v=t.value,delete t.value);break}case 6:{let t=e;c_(t.key),t.k=t.key,delete t.key,t.modifier&&(c_(t.modifier),t.m=t.modifier,delete t.modifier);break}case 5:{let t=e;t.i=t.index,delete t.index;break}case 4:{let t=e;t.k=t.key,delete t.key;break}}delete e.type}function l_(e,t){let{sourceMap:n,filename:r,breakLineCode:i,needIndent:a}=t,o=t.location!==!1,s={filename:r,code:``,column:1,line:1,offset:0,map:void 0,breakLineCode:i,needIndent:a,indentLevel:0};o&&e.loc&&(s.source=e.loc.source);let c=()=>s;function l(e,t){s.code+=e}function u(e,t=!0){let n=t?i:``;l(a?n+`  `.repeat(e):n)}function d(e=!0){let t=++s.indentLevel;e&&u(t)}function f(e=!0){let t=--s.indentLevel;e&&u(t)}function p(){u(s.indentLevel)}return{context:c,push:l,indent:d,deindent:f,newline:p,helper:e=>`_${e}`,needIndent:()=>s.needIndent}}function u_(e,t){let{helper:n}=e;e.push(`${n(`linked`)}(`),m_(e,t.key),t.modifier?(e.push(`, `),m_(e,t.modifier),e.push(`, _type`)):e.push(`, undefined, _type`),e.push(`)`)}function d_(e,t){let{helper:n,needIndent:r}=e;e.push(`${n(`normalize`)}([`),e.indent(r());let i=t.items.length;for(let n=0;n<i&&(m_(e,t.items[n]),n!==i-1);n++)e.push(`, `);e.deindent(r()),e.push(`])`)}function f_(e,t){let{helper:n,needIndent:r}=e;if(t.cases.length>1){e.push(`${n(`plural`)}([`),e.indent(r());let i=t.cases.length;for(let n=0;n<i&&(m_(e,t.cases[n]),n!==i-1);n++)e.push(`, `);e.deindent(r()),e.push(`])`)}}function p_(e,t){t.body?m_(e,t.body):e.push(`null`)}function m_(e,t){let{helper:n}=e;switch(t.type){case 0:p_(e,t);break;case 1:f_(e,t);break;case 2:d_(e,t);break;case 6:u_(e,t);break;case 8:case 7:e.push(JSON.stringify(t.value),t);break;case 5:e.push(`${n(`interpolate`)}(${n(`list`)}(${t.index}))`,t);break;case 4:e.push(`${n(`interpolate`)}(${n(`named`)}(${JSON.stringify(t.key)}))`,t);break;case 9:case 3:e.push(JSON.stringify(t.value),t)}}var h_=(e,t={})=>{let n=G(t.mode)?t.mode:`normal`,r=G(t.filename)?t.filename:`message.intl`,i=!!t.sourceMap,a=t.breakLineCode==null?n===`arrow`?`;`:`
`:t.breakLineCode,o=t.needIndent?t.needIndent:n!==`arrow`,s=e.helpers||[],c=l_(e,{mode:n,filename:r,sourceMap:i,breakLineCode:a,needIndent:o});c.push(n===`normal`?`function __msg__ (ctx) {`:`(ctx) => {`),c.indent(o),s.length>0&&(c.push(`const { ${Mg(s.map(e=>`${e}: _${e}`),`, `)} } = ctx`),c.newline()),c.push(`return `),m_(c,e),c.deindent(o),c.push(`}`),delete e.helpers;let{code:l,map:u}=c.context();return{ast:e,code:l,map:u?u.toJSON():void 0}};function g_(e,t={}){let n=vg({},t),r=!!n.jit,i=!!n.minify,a=n.optimize==null||n.optimize,o=e_(n).parse(e);return r?(a&&o_(o),i&&c_(o),{ast:o,code:``}):(a_(o,n),h_(o,n))}function __(){typeof __INTLIFY_PROD_DEVTOOLS__!=`boolean`&&(xg().__INTLIFY_PROD_DEVTOOLS__=!1),typeof __INTLIFY_DROP_MESSAGE_COMPILER__!=`boolean`&&(xg().__INTLIFY_DROP_MESSAGE_COMPILER__=!1)}function v_(e){return q(e)&&O_(e)===0&&(Eg(e,`b`)||Eg(e,`body`))}var y_=[`b`,`body`];function b_(e){return F_(e,y_)}var x_=[`c`,`cases`];function S_(e){return F_(e,x_,[])}var C_=[`s`,`static`];function w_(e){return F_(e,C_)}var T_=[`i`,`items`];function E_(e){return F_(e,T_,[])}var D_=[`t`,`type`];function O_(e){return F_(e,D_)}var k_=[`v`,`value`];function A_(e,t){let n=F_(e,k_);if(n!=null)return n;throw L_(t)}var j_=[`m`,`modifier`];function M_(e){return F_(e,j_)}var N_=[`k`,`key`];function P_(e){let t=F_(e,N_);if(t)return t;throw L_(6)}function F_(e,t,n){for(let n=0;n<t.length;n++){let r=t[n];if(Eg(e,r)&&e[r]!=null)return e[r]}return n}var I_=[...y_,...x_,...C_,...T_,...N_,...j_,...k_,...D_];function L_(e){return Error(`unhandled node type: ${e}`)}function R_(e){return t=>z_(t,e)}function z_(e,t){let n=b_(t);if(n==null)throw L_(0);if(O_(n)===1){let t=S_(n);return e.plural(t.reduce((t,n)=>[...t,B_(e,n)],[]))}return B_(e,n)}function B_(e,t){let n=w_(t);if(n!=null)return e.type===`text`?n:e.normalize([n]);{let n=E_(t).reduce((t,n)=>[...t,V_(e,n)],[]);return e.normalize(n)}}function V_(e,t){let n=O_(t);switch(n){case 3:case 9:return A_(t,n);case 4:{let r=t;if(Eg(r,`k`)&&r.k)return e.interpolate(e.named(r.k));if(Eg(r,`key`)&&r.key)return e.interpolate(e.named(r.key));throw L_(n)}case 5:{let r=t;if(Eg(r,`i`)&&mg(r.i))return e.interpolate(e.list(r.i));if(Eg(r,`index`)&&mg(r.index))return e.interpolate(e.list(r.index));throw L_(n)}case 6:{let n=t,r=M_(n),i=P_(n);return e.linked(V_(e,i),r?V_(e,r):void 0,e.type)}case 7:case 8:return A_(t,n);default:throw Error(`unhandled node on format message part: ${n}`)}}var H_=e=>e,U_=U();function W_(e,t={}){let n=!1,r=t.onError||Rg;return t.onError=e=>{n=!0,r(e)},{...g_(e,t),detectError:n}}function G_(e,t){if(!__INTLIFY_DROP_MESSAGE_COMPILER__&&G(e)){K(t.warnHtmlMessage)&&t.warnHtmlMessage;let n=(t.onCacheKey||H_)(e),r=U_[n];if(r)return r;let{ast:i,detectError:a}=W_(e,{...t,location:!1,jit:!0}),o=R_(i);return a?o:U_[n]=o}{let t=e.cacheKey;return t?U_[t]||(U_[t]=R_(e)):R_(e)}}var K_=null;function q_(e){K_=e}function J_(e,t,n){K_&&K_.emit(`i18n:init`,{timestamp:Date.now(),i18n:e,version:t,meta:n})}var Y_=X_(`function:translate`);function X_(e){return t=>K_&&K_.emit(e,t)}var Z_={INVALID_ARGUMENT:17,INVALID_DATE_ARGUMENT:18,INVALID_ISO_DATE_ARGUMENT:19,NOT_SUPPORT_NON_STRING_MESSAGE:20,NOT_SUPPORT_LOCALE_PROMISE_VALUE:21,NOT_SUPPORT_LOCALE_ASYNC_FUNCTION:22,NOT_SUPPORT_LOCALE_TYPE:23};function Q_(e){return Lg(e,null,void 0)}Z_.INVALID_ARGUMENT,Z_.INVALID_DATE_ARGUMENT,Z_.INVALID_ISO_DATE_ARGUMENT,Z_.NOT_SUPPORT_NON_STRING_MESSAGE,Z_.NOT_SUPPORT_LOCALE_PROMISE_VALUE,Z_.NOT_SUPPORT_LOCALE_ASYNC_FUNCTION,Z_.NOT_SUPPORT_LOCALE_TYPE;function $_(e,t){return t.locale==null?t1(e.locale):t1(t.locale)}var e1;function t1(e){if(G(e))return e;if(W(e)){if(e.resolvedOnce&&e1!=null)return e1;if(e.constructor.name===`Function`){let t=e();if(Og(t))throw Q_(Z_.NOT_SUPPORT_LOCALE_PROMISE_VALUE);return e1=t}throw Q_(Z_.NOT_SUPPORT_LOCALE_ASYNC_FUNCTION)}throw Q_(Z_.NOT_SUPPORT_LOCALE_TYPE)}function n1(e,t,n){return[...new Set([n,...Dg(t)?t:q(t)?Object.keys(t):G(t)?[t]:[n]])]}function r1(e,t,n){let r=G(n)?n:y1,i=e;i.__localeChainCache||=new Map;let a=i.__localeChainCache.get(r);if(!a){a=[];let e=[n];for(;Dg(e);)e=i1(a,e,t);let o=Dg(t)||!J(t)?t:t.default?t.default:null;e=G(o)?[o]:o,Dg(e)&&i1(a,e,!1),i.__localeChainCache.set(r,a)}return a}function i1(e,t,n){let r=!0;for(let i=0;i<t.length&&K(r);i++)G(t[i])&&(r=a1(e,t[i],n));return r}function a1(e,t,n){let r,i=t.split(`-`);do r=o1(e,i.join(`-`),n),i.splice(-1,1);while(i.length&&r===!0);return r}function o1(e,t,n){let r=!1;if(!e.includes(t)&&(r=!0,t)){r=t[t.length-1]!==`!`;let i=t.replace(/!/g,``);e.push(i),(Dg(n)||J(n))&&n[i]&&(r=n[i])}return r}var s1=[];s1[0]={w:[0],i:[3,0],"[":[4],o:[7]},s1[1]={w:[1],".":[2],"[":[4],o:[7]},s1[2]={w:[2],i:[3,0],0:[3,0]},s1[3]={i:[3,0],0:[3,0],w:[1,1],".":[2,1],"[":[4,1],o:[7,1]},s1[4]={"'":[5,0],'"':[6,0],"[":[4,2],"]":[1,3],o:8,l:[4,0]},s1[5]={"'":[4,0],o:8,l:[5,0]},s1[6]={'"':[4,0],o:8,l:[6,0]};var c1=/^\s?(?:true|false|-?[\d.]+|'[^']*'|"[^"]*")\s?$/;function l1(e){return c1.test(e)}function u1(e){let t=e.charCodeAt(0);return t===e.charCodeAt(e.length-1)&&(t===34||t===39)?e.slice(1,-1):e}function d1(e){if(e==null)return`o`;switch(e.charCodeAt(0)){case 91:case 93:case 46:case 34:case 39:return e;case 95:case 36:case 45:return`i`;case 9:case 10:case 13:case 160:case 65279:case 8232:case 8233:return`w`}return`i`}function f1(e){let t=e.trim();return e.charAt(0)===`0`&&isNaN(parseInt(e))?!1:l1(t)?u1(t):`*`+t}function p1(e){let t=[],n=-1,r=0,i=0,a,o,s,c,l,u,d,f=[];f[0]=()=>{o===void 0?o=s:o+=s},f[1]=()=>{o!==void 0&&(t.push(o),o=void 0)},f[2]=()=>{f[0](),i++},f[3]=()=>{if(i>0)i--,r=4,f[0]();else{if(i=0,o===void 0||(o=f1(o),o===!1))return!1;f[1]()}};function p(){let t=e[n+1];if(r===5&&t===`'`||r===6&&t===`"`)return n++,s=`\\`+t,f[0](),!0}for(;r!==null;)if(n++,a=e[n],!(a===`\\`&&p())){if(c=d1(a),d=s1[r],l=d[c]||d.l||8,l===8||(r=l[0],l[1]!==void 0&&(u=f[l[1]],u&&(s=a,u()===!1))))return;if(r===7)return t}}var m1=new Map;function h1(e,t){return q(e)?e[t]:null}function g1(e,t){if(!q(e))return null;let n=m1.get(t);if(n||(n=p1(t),n&&m1.set(t,n)),!n)return null;let r=n.length,i=e,a=0;for(;a<r;){let e=n[a];if(I_.includes(e)&&v_(i)||!q(i)||!Eg(i,e))return null;let t=i[e];if(t===void 0||W(i))return null;i=t,a++}return i}var _1={NOT_FOUND_KEY:1,FALLBACK_TO_TRANSLATE:2,CANNOT_FORMAT_NUMBER:3,FALLBACK_TO_NUMBER_FORMAT:4,CANNOT_FORMAT_DATE:5,FALLBACK_TO_DATE_FORMAT:6,EXPERIMENTAL_CUSTOM_MESSAGE_COMPILER:7,INVALID_NUMBER_ARGUMENT:8,INVALID_DATE_ARGUMENT:9};_1.NOT_FOUND_KEY,_1.FALLBACK_TO_TRANSLATE,_1.CANNOT_FORMAT_NUMBER,_1.FALLBACK_TO_NUMBER_FORMAT,_1.CANNOT_FORMAT_DATE,_1.FALLBACK_TO_DATE_FORMAT,_1.EXPERIMENTAL_CUSTOM_MESSAGE_COMPILER,_1.INVALID_NUMBER_ARGUMENT,_1.INVALID_DATE_ARGUMENT;var v1=`11.4.2`,y1=`en-US`,b1=e=>`${e.charAt(0).toLocaleUpperCase()}${e.substr(1)}`;function x1(){return{upper:(e,t)=>t===`text`&&G(e)?e.toUpperCase():t===`vnode`&&q(e)&&`__v_isVNode`in e?e.children.toUpperCase():e,lower:(e,t)=>t===`text`&&G(e)?e.toLowerCase():t===`vnode`&&q(e)&&`__v_isVNode`in e?e.children.toLowerCase():e,capitalize:(e,t)=>t===`text`&&G(e)?b1(e):t===`vnode`&&q(e)&&`__v_isVNode`in e?b1(e.children):e}}var S1;function C1(e){S1=e}var w1;function T1(e){w1=e}var E1;function D1(e){E1=e}var O1=null,k1=()=>O1,A1=null,j1=e=>{A1=e},M1=()=>A1,N1=0;function P1(e={}){let t=W(e.onWarn)?e.onWarn:lg,n=G(e.version)?e.version:v1,r=G(e.locale)||W(e.locale)?e.locale:y1,i=W(r)?y1:r,a=Dg(e.fallbackLocale)||J(e.fallbackLocale)||G(e.fallbackLocale)||e.fallbackLocale===!1?e.fallbackLocale:i,o=J(e.messages)?e.messages:F1(i),s=J(e.datetimeFormats)?e.datetimeFormats:F1(i),c=J(e.numberFormats)?e.numberFormats:F1(i),l=vg(U(),e.modifiers,x1()),u=e.pluralRules||U(),d=W(e.missing)?e.missing:null,f=K(e.missingWarn)||gg(e.missingWarn)?e.missingWarn:!0,p=K(e.fallbackWarn)||gg(e.fallbackWarn)?e.fallbackWarn:!0,m=!!e.fallbackFormat,h=!!e.unresolving,g=W(e.postTranslation)?e.postTranslation:null,_=J(e.processor)?e.processor:null,v=!K(e.warnHtmlMessage)||e.warnHtmlMessage,y=!!e.escapeParameter,b=W(e.messageCompiler)?e.messageCompiler:S1,x=W(e.messageResolver)?e.messageResolver:w1||h1,S=W(e.localeFallbacker)?e.localeFallbacker:E1||n1,C=q(e.fallbackContext)?e.fallbackContext:void 0,w=e,T=q(w.__datetimeFormatters)?w.__datetimeFormatters:new Map,E=q(w.__numberFormatters)?w.__numberFormatters:new Map,D=q(w.__meta)?w.__meta:{};N1++;let O={version:n,cid:N1,locale:r,fallbackLocale:a,messages:o,modifiers:l,pluralRules:u,missing:d,missingWarn:f,fallbackWarn:p,fallbackFormat:m,unresolving:h,postTranslation:g,processor:_,warnHtmlMessage:v,escapeParameter:y,messageCompiler:b,messageResolver:x,localeFallbacker:S,fallbackContext:C,onWarn:t,__meta:D};return O.datetimeFormats=s,O.numberFormats=c,O.__datetimeFormatters=T,O.__numberFormatters=E,__INTLIFY_PROD_DEVTOOLS__&&J_(O,n,D),O}var F1=e=>({[e]:U()});function I1(e,t,n,r,i){let{missing:a,onWarn:o}=e;if(a!==null){let r=a(e,n,t,i);return G(r)?r:t}return t}function L1(e,t,n){let r=e;r.__localeChainCache=new Map,e.localeFallbacker(e,n,t)}function R1(e,t){return e!==t&&e.split(`-`)[0]===t.split(`-`)[0]}function z1(e,t){let n=t.indexOf(e);if(n===-1)return!1;for(let r=n+1;r<t.length;r++)if(R1(e,t[r]))return!0;return!1}var B1=typeof Intl<`u`;B1&&Intl.DateTimeFormat,B1&&Intl.NumberFormat;function V1(e,...t){let{datetimeFormats:n,unresolving:r,fallbackLocale:i,onWarn:a,localeFallbacker:o}=e,{__datetimeFormatters:s}=e;if(!G(t[0])&&!hg(t[0])&&!mg(t[0]))return``;let[c,l,u,d]=U1(...t),f=K(u.missingWarn)?u.missingWarn:e.missingWarn;K(u.fallbackWarn)?u.fallbackWarn:e.fallbackWarn;let p=!!u.part,m=$_(e,u),h=o(e,i,m);if(!G(c)||c===``)return new Intl.DateTimeFormat(m.replace(/!/g,``),d).format(l);let g={},_,v=null;for(let t=0;t<h.length&&(_=h[t],g=n[_]||{},v=g[c],!J(v));t++)I1(e,c,_,f,`datetime format`);if(!J(v)||!G(_))return r?-1:c;let y=`${_}__${c}`;_g(d)||(y=`${y}__${JSON.stringify(d)}`);let b=s.get(y);return b||(b=new Intl.DateTimeFormat(_,vg({},v,d)),s.set(y,b)),p?b.formatToParts(l):b.format(l)}var H1=[`localeMatcher`,`weekday`,`era`,`year`,`month`,`day`,`hour`,`minute`,`second`,`timeZoneName`,`formatMatcher`,`hour12`,`timeZone`,`dateStyle`,`timeStyle`,`calendar`,`dayPeriod`,`numberingSystem`,`hourCycle`,`fractionalSecondDigits`];function U1(...e){let[t,n,r,i]=e,a=U(),o=U(),s;if(G(t)){let e=t.match(/(\d{4}-\d{2}-\d{2})(T|\s)?(.*)/);if(!e)throw Q_(Z_.INVALID_ISO_DATE_ARGUMENT);let n=e[3]?e[3].trim().startsWith(`T`)?`${e[1].trim()}${e[3].trim()}`:`${e[1].trim()}T${e[3].trim()}`:e[1].trim();s=new Date(n);try{s.toISOString()}catch{throw Q_(Z_.INVALID_ISO_DATE_ARGUMENT)}}else if(hg(t)){if(isNaN(t.getTime()))throw Q_(Z_.INVALID_DATE_ARGUMENT);s=t}else if(mg(t))s=t;else throw Q_(Z_.INVALID_ARGUMENT);return G(n)?a.key=n:J(n)&&Object.keys(n).forEach(e=>{H1.includes(e)?o[e]=n[e]:a[e]=n[e]}),G(r)?a.locale=r:J(r)&&(o=r),J(i)&&(o=i),[a.key||``,s,a,o]}function W1(e,t,n){let r=e;for(let e in n){let n=`${t}__${e}`;r.__datetimeFormatters.has(n)&&r.__datetimeFormatters.delete(n)}}function G1(e,...t){let{numberFormats:n,unresolving:r,fallbackLocale:i,onWarn:a,localeFallbacker:o}=e,{__numberFormatters:s}=e;if(!mg(t[0]))return``;let[c,l,u,d]=q1(...t),f=K(u.missingWarn)?u.missingWarn:e.missingWarn;K(u.fallbackWarn)?u.fallbackWarn:e.fallbackWarn;let p=!!u.part,m=$_(e,u),h=o(e,i,m);if(!G(c)||c===``)return new Intl.NumberFormat(m.replace(/!/g,``),d).format(l);let g={},_,v=null;for(let t=0;t<h.length&&(_=h[t],g=n[_]||{},v=g[c],!J(v));t++)I1(e,c,_,f,`number format`);if(!J(v)||!G(_))return r?-1:c;let y=`${_}__${c}`;_g(d)||(y=`${y}__${JSON.stringify(d)}`);let b=s.get(y);return b||(b=new Intl.NumberFormat(_,vg({},v,d)),s.set(y,b)),p?b.formatToParts(l):b.format(l)}var K1=[`localeMatcher`,`style`,`currency`,`currencyDisplay`,`currencySign`,`useGrouping`,`minimumIntegerDigits`,`minimumFractionDigits`,`maximumFractionDigits`,`minimumSignificantDigits`,`maximumSignificantDigits`,`compactDisplay`,`notation`,`signDisplay`,`unit`,`unitDisplay`,`roundingMode`,`roundingPriority`,`roundingIncrement`,`trailingZeroDisplay`];function q1(...e){let[t,n,r,i]=e,a=U(),o=U();if(!mg(t))throw Q_(Z_.INVALID_ARGUMENT);let s=t;return G(n)?a.key=n:J(n)&&Object.keys(n).forEach(e=>{K1.includes(e)?o[e]=n[e]:a[e]=n[e]}),G(r)?a.locale=r:J(r)&&(o=r),J(i)&&(o=i),[a.key||``,s,a,o]}function J1(e,t,n){let r=e;for(let e in n){let n=`${t}__${e}`;r.__numberFormatters.has(n)&&r.__numberFormatters.delete(n)}}var Y1=e=>e,X1=e=>``,Z1=`text`,Q1=e=>e.length===0?``:Mg(e),$1=jg;function e0(e,t){return e=Math.abs(e),t===2?e===1?0:1:Math.min(e,2)}function t0(e){let t=mg(e.pluralIndex)?e.pluralIndex:-1;return mg(e.named?.count)?e.named.count:mg(e.named?.n)?e.named.n:t}function n0(e={}){let t=e.locale,n=t0(e),r=G(t)&&W(e.pluralRules?.[t])?e.pluralRules[t]:e0,i=r===e0?void 0:e0,a=e=>e[r(n,e.length,i)],o=e.list||[],s=e=>o[e],c=e.named||U();mg(e.pluralIndex)&&(c.count||=e.pluralIndex,c.n||=e.pluralIndex);let l=e=>c[e];function u(t,n){return(W(e.messages)?e.messages(t,!!n):q(e.messages)?e.messages[t]:!1)||(e.parent?e.parent.message(t):X1)}let d=t=>e.modifiers?e.modifiers[t]:Y1,f=W(e.processor?.normalize)?e.processor.normalize:Q1,p=W(e.processor?.interpolate)?e.processor.interpolate:$1,m={list:s,named:l,plural:a,linked:(e,...t)=>{let[n,r]=t,i=`text`,a=``;t.length===1?q(n)?(a=n.modifier||a,i=n.type||i):G(n)&&(a=n||a):t.length===2&&(G(n)&&(a=n||a),G(r)&&(i=r||i));let o=u(e,!0)(m),s=o===``||o===void 0?e:o,c=i===`vnode`&&Dg(s)&&a?s[0]:s;return a?d(a)(c,i):c},message:u,type:G(e.processor?.type)?e.processor.type:Z1,interpolate:p,normalize:f,values:vg(U(),o,c)};return m}var r0=()=>``,i0=e=>W(e);function a0(e,...t){let{fallbackFormat:n,postTranslation:r,unresolving:i,messageCompiler:a,fallbackLocale:o,messages:s}=e,[c,l]=u0(...t),u=K(l.missingWarn)?l.missingWarn:e.missingWarn,d=K(l.fallbackWarn)?l.fallbackWarn:e.fallbackWarn,f=K(l.escapeParameter)?l.escapeParameter:e.escapeParameter,p=!!l.resolvedMessage,m=G(l.default)||K(l.default)?K(l.default)?a?c:()=>c:l.default:n?a?c:()=>c:null,h=n||m!=null&&(G(m)||W(m)),g=$_(e,l);f&&o0(l);let[_,v,y]=p?[c,g,s[g]||U()]:s0(e,c,g,o,d,u),b=_,x=c;if(!p&&!(G(b)||v_(b)||i0(b))&&h&&(b=m,x=b),!p&&(!(G(b)||v_(b)||i0(b))||!G(v)))return i?-1:c;let S=!1,C=i0(b)?b:c0(e,c,v,b,x,()=>{S=!0});if(S)return b;let w=l0(e,C,n0(f0(e,v,y,l))),T=r?r(w,c):w;if(f&&G(T)&&(T=wg(T)),__INTLIFY_PROD_DEVTOOLS__){let t={timestamp:Date.now(),key:G(c)?c:i0(b)?b.key:``,locale:v||(i0(b)?b.locale:``),format:G(b)?b:i0(b)?b.source:``,message:T};t.meta=vg({},e.__meta,k1()||{}),Y_(t)}return T}function o0(e){Dg(e.list)?e.list=e.list.map(e=>G(e)?Sg(e):e):q(e.named)&&Object.keys(e.named).forEach(t=>{G(e.named[t])&&(e.named[t]=Sg(e.named[t]))})}function s0(e,t,n,r,i,a){let{messages:o,onWarn:s,messageResolver:c,localeFallbacker:l}=e,u=l(e,r,n),d=U(),f,p=null;for(let n=0;n<u.length&&(f=u[n],d=o[f]||U(),(p=c(d,t))===null&&(p=d[t]),!(G(p)||v_(p)||i0(p)));n++)if(!z1(f,u)){let n=I1(e,t,f,a,`translate`);n!==t&&(p=n)}return[p,f,d]}function c0(e,t,n,r,i,a){let{messageCompiler:o,warnHtmlMessage:s}=e;if(i0(r)){let e=r;return e.locale=e.locale||n,e.key=e.key||t,e}if(o==null){let e=(()=>r);return e.locale=n,e.key=t,e}let c=o(r,d0(e,n,i,r,s,a));return c.locale=n,c.key=t,c.source=r,c}function l0(e,t,n){return t(n)}function u0(...e){let[t,n,r]=e,i=U();if(!G(t)&&!mg(t)&&!i0(t)&&!v_(t))throw Q_(Z_.INVALID_ARGUMENT);let a=mg(t)?String(t):(i0(t),t);return mg(n)?i.plural=n:G(n)?i.default=n:J(n)&&!_g(n)?i.named=n:Dg(n)&&(i.list=n),mg(r)?i.plural=r:G(r)?i.default=r:J(r)&&vg(i,r),[a,i]}function d0(e,t,n,r,i,a){return{locale:t,key:n,warnHtmlMessage:i,onError:e=>{throw a&&a(e),e},onCacheKey:e=>fg(t,n,e)}}function f0(e,t,n,r){let{modifiers:i,pluralRules:a,messageResolver:o,fallbackLocale:s,fallbackWarn:c,missingWarn:l,fallbackContext:u}=e,d={locale:t,modifiers:i,pluralRules:a,messages:(r,i)=>{let a=o(n,r);if(a==null&&(u||i)){let[n,,i]=s0(u||e,r,t,s,c,l);a=n??o(i,r)}if(G(a)||v_(a)){let n=!1,i=c0(e,r,t,a,r,()=>{n=!0});return n?r0:i}return i0(a)?a:r0}};return e.processor&&(d.processor=e.processor),r.list&&(d.list=r.list),r.named&&(d.named=r.named),mg(r.plural)&&(d.pluralIndex=r.plural),d}__();var p0=`11.4.2`;function m0(){typeof __VUE_I18N_FULL_INSTALL__!=`boolean`&&(xg().__VUE_I18N_FULL_INSTALL__=!0),typeof __VUE_I18N_LEGACY_API__!=`boolean`&&(xg().__VUE_I18N_LEGACY_API__=!0),typeof __INTLIFY_DROP_MESSAGE_COMPILER__!=`boolean`&&(xg().__INTLIFY_DROP_MESSAGE_COMPILER__=!1),typeof __INTLIFY_PROD_DEVTOOLS__!=`boolean`&&(xg().__INTLIFY_PROD_DEVTOOLS__=!1)}var X={UNEXPECTED_RETURN_TYPE:24,INVALID_ARGUMENT:25,MUST_BE_CALL_SETUP_TOP:26,NOT_INSTALLED:27,REQUIRED_VALUE:28,INVALID_VALUE:29,CANNOT_SETUP_VUE_DEVTOOLS_PLUGIN:30,NOT_INSTALLED_WITH_PROVIDE:31,UNEXPECTED_ERROR:32,NOT_COMPATIBLE_LEGACY_VUE_I18N:33,NOT_AVAILABLE_COMPOSITION_IN_LEGACY:34};function h0(e,...t){return Lg(e,null,void 0)}X.UNEXPECTED_RETURN_TYPE,X.INVALID_ARGUMENT,X.MUST_BE_CALL_SETUP_TOP,X.NOT_INSTALLED,X.UNEXPECTED_ERROR,X.REQUIRED_VALUE,X.INVALID_VALUE,X.CANNOT_SETUP_VUE_DEVTOOLS_PLUGIN,X.NOT_INSTALLED_WITH_PROVIDE,X.NOT_COMPATIBLE_LEGACY_VUE_I18N,X.NOT_AVAILABLE_COMPOSITION_IN_LEGACY;var g0=dg(`__translateVNode`),_0=dg(`__datetimeParts`),v0=dg(`__numberParts`),y0=dg(`__setPluralRules`);dg(`__intlifyMeta`);var b0=dg(`__injectWithOption`),x0=dg(`__dispose`),S0={FALLBACK_TO_ROOT:10,NOT_FOUND_PARENT_SCOPE:11,IGNORE_OBJ_FLATTEN:12,DEPRECATE_LEGACY_MODE:13,DEPRECATE_TRANSLATE_CUSTOME_DIRECTIVE:14,DUPLICATE_USE_I18N_CALLING:15};S0.FALLBACK_TO_ROOT,S0.NOT_FOUND_PARENT_SCOPE,S0.IGNORE_OBJ_FLATTEN,S0.DEPRECATE_LEGACY_MODE,S0.DEPRECATE_TRANSLATE_CUSTOME_DIRECTIVE,S0.DUPLICATE_USE_I18N_CALLING;function C0(e){if(!q(e)||v_(e))return e;for(let t in e)if(Eg(e,t)){if(!t.includes(`.`))q(e[t])&&C0(e[t]);else{let n=t.split(`.`),r=n.length-1,i=e,a=!1;for(let e=0;e<r;e++){if(n[e]===`__proto__`)throw Error(`unsafe key: ${n[e]}`);if(n[e]in i||(i[n[e]]=U()),!q(i[n[e]])){a=!0;break}i=i[n[e]]}if(a||(v_(i)?I_.includes(n[r])||delete e[t]:(i[n[r]]=e[t],delete e[t])),!v_(i)){let e=i[n[r]];q(e)&&C0(e)}}}return e}function w0(e,t){let{messages:n,__i18n:r,messageResolver:i,flatJson:a}=t,o=J(n)?n:Dg(r)?U():{[e]:U()};if(Dg(r)&&r.forEach(e=>{if(`locale`in e&&`resource`in e){let{locale:t,resource:n}=e;t?(o[t]=o[t]||U(),Pg(n,o[t])):Pg(n,o)}else G(e)&&Pg(JSON.parse(e),o)}),i==null&&a)for(let e in o)Eg(o,e)&&C0(o[e]);return o}function T0(e){return e.type}function E0(e,t,n){let r=q(t.messages)?t.messages:U();`__i18nGlobal`in n&&(r=w0(e.locale.value,{messages:r,__i18n:n.__i18nGlobal}));let i=Object.keys(r);if(i.length&&i.forEach(t=>{e.mergeLocaleMessage(t,r[t])}),q(t.datetimeFormats)){let n=Object.keys(t.datetimeFormats);n.length&&n.forEach(n=>{e.mergeDateTimeFormat(n,t.datetimeFormats[n])})}if(q(t.numberFormats)){let n=Object.keys(t.numberFormats);n.length&&n.forEach(n=>{e.mergeNumberFormat(n,t.numberFormats[n])})}}function D0(e){return z(vs,null,e,0)}function O0(){let e=`currentInstance`;return e in Uu?Uu[e]:B()}var k0=()=>[],A0=()=>!1,j0=0;function M0(e){return((t,n,r,i)=>e(n,r,O0()||void 0,i))}function N0(e={}){let{__root:t,__injectWithOption:n}=e,r=t===void 0,i=e.flatJson,a=ug?un:dn,o=!K(e.inheritLocale)||e.inheritLocale,s=a(t&&o?t.locale.value:G(e.locale)?e.locale:y1),c=a(t&&o?t.fallbackLocale.value:G(e.fallbackLocale)||Dg(e.fallbackLocale)||J(e.fallbackLocale)||e.fallbackLocale===!1?e.fallbackLocale:s.value),l=a(w0(s.value,e)),u=a(J(e.datetimeFormats)?e.datetimeFormats:{[s.value]:{}}),d=a(J(e.numberFormats)?e.numberFormats:{[s.value]:{}}),f=t?t.missingWarn:K(e.missingWarn)||gg(e.missingWarn)?e.missingWarn:!0,p=t?t.fallbackWarn:K(e.fallbackWarn)||gg(e.fallbackWarn)?e.fallbackWarn:!0,m=t?t.fallbackRoot:!K(e.fallbackRoot)||e.fallbackRoot,h=!!e.fallbackFormat,g=W(e.missing)?e.missing:null,_=W(e.missing)?M0(e.missing):null,v=W(e.postTranslation)?e.postTranslation:null,y=t?t.warnHtmlMessage:!K(e.warnHtmlMessage)||e.warnHtmlMessage,b=!!e.escapeParameter,x=t?t.modifiers:J(e.modifiers)?e.modifiers:{},S=e.pluralRules||t&&t.pluralRules,C;C=(()=>{r&&j1(null);let t={version:p0,locale:s.value,fallbackLocale:c.value,messages:l.value,modifiers:x,pluralRules:S,missing:_===null?void 0:_,missingWarn:f,fallbackWarn:p,fallbackFormat:h,unresolving:!0,postTranslation:v===null?void 0:v,warnHtmlMessage:y,escapeParameter:b,messageResolver:e.messageResolver,messageCompiler:e.messageCompiler,__meta:{framework:`vue`}};t.datetimeFormats=u.value,t.numberFormats=d.value,t.__datetimeFormatters=J(C)?C.__datetimeFormatters:void 0,t.__numberFormatters=J(C)?C.__numberFormatters:void 0;let n=P1(t);return r&&j1(n),n})(),L1(C,s.value,c.value);function w(){return[s.value,c.value,l.value,u.value,d.value]}let T=V({get:()=>s.value,set:e=>{C.locale=e,s.value=e}}),E=V({get:()=>c.value,set:e=>{C.fallbackLocale=e,c.value=e,L1(C,s.value,e)}}),D=V(()=>l.value),O=V(()=>u.value),ee=V(()=>d.value);function te(){return W(v)?v:null}function ne(e){v=e,C.postTranslation=e}function k(){return g}function re(e){e!==null&&(_=M0(e)),g=e,C.missing=_}let A=(e,n,i,a,o,s)=>{w();let c;try{__INTLIFY_PROD_DEVTOOLS__,r||(C.fallbackContext=t?M1():void 0),c=e(C)}finally{__INTLIFY_PROD_DEVTOOLS__,r||(C.fallbackContext=void 0)}if(i!==`translate exists`&&mg(c)&&c===-1||i===`translate exists`&&!c){let[e,r]=n();return t&&m?a(t):o(e)}if(s(c))return c;throw h0(X.UNEXPECTED_RETURN_TYPE)};function j(...e){return A(t=>Reflect.apply(a0,null,[t,...e]),()=>u0(...e),`translate`,t=>Reflect.apply(t.t,t,[...e]),e=>e,e=>G(e))}function ie(e){return e.map(e=>G(e)||mg(e)||K(e)?D0(String(e)):e)}let M={normalize:ie,interpolate:e=>e,type:`vnode`};function ae(e){S=e,C.pluralRules=S}function oe(e){let t=null,n=r1(C,c.value,s.value);for(let r=0;r<n.length;r++){let i=l.value[n[r]]||{},a=C.messageResolver(i,e);if(a!=null){t=a;break}}return t}function se(e){return l.value[e]||{}}function ce(e,t){if(i){let n={[e]:t};for(let e in n)Eg(n,e)&&C0(n[e]);t=n[e]}l.value[e]=t,C.messages=l.value}function le(e,t){l.value[e]=l.value[e]||{};let n={[e]:t};if(i)for(let e in n)Eg(n,e)&&C0(n[e]);t=n[e],Pg(t,l.value[e]),C.messages=l.value}j0++,t&&ug&&(Ar(t.locale,e=>{o&&(s.value=e,C.locale=e,L1(C,s.value,c.value))}),Ar(t.fallbackLocale,e=>{o&&(c.value=e,C.fallbackLocale=e,L1(C,s.value,c.value))}));let N={id:j0,locale:T,fallbackLocale:E,get inheritLocale(){return o},set inheritLocale(e){o=e,e&&t&&(s.value=t.locale.value,c.value=t.fallbackLocale.value,L1(C,s.value,c.value))},get availableLocales(){return Object.keys(l.value).sort()},messages:D,get modifiers(){return x},get pluralRules(){return S||{}},get isGlobal(){return r},get missingWarn(){return f},set missingWarn(e){f=e,C.missingWarn=f},get fallbackWarn(){return p},set fallbackWarn(e){p=e,C.fallbackWarn=p},get fallbackRoot(){return m},set fallbackRoot(e){m=e},get fallbackFormat(){return h},set fallbackFormat(e){h=e,C.fallbackFormat=h},get warnHtmlMessage(){return y},set warnHtmlMessage(e){y=e,C.warnHtmlMessage=e},get escapeParameter(){return b},set escapeParameter(e){b=e,C.escapeParameter=e},t:j,getLocaleMessage:se,setLocaleMessage:ce,mergeLocaleMessage:le,getPostTranslationHandler:te,setPostTranslationHandler:ne,getMissingHandler:k,setMissingHandler:re,[y0]:ae};return N.datetimeFormats=O,N.numberFormats=ee,N.rt=function(...e){let[t,n,r]=e;if(r&&!q(r))throw h0(X.INVALID_ARGUMENT);return j(t,n,vg({resolvedMessage:!0},r||{}))},N.te=function(e,t){return A(()=>{if(!e)return!1;let n=G(t)?t:s.value,r=G(t)?[n]:r1(C,c.value,n);for(let t=0;t<r.length;t++){let n=se(r[t]),i=C.messageResolver(n,e);if(i===null&&(i=n[e]),v_(i)||i0(i)||G(i))return!0}return!1},()=>[e],`translate exists`,n=>Reflect.apply(n.te,n,[e,t]),A0,e=>K(e))},N.tm=function(e){return oe(e)??(t&&t.tm(e)||{})},N.d=function(...e){return A(t=>Reflect.apply(V1,null,[t,...e]),()=>U1(...e),`datetime format`,t=>Reflect.apply(t.d,t,[...e]),()=>``,e=>G(e)||Dg(e))},N.n=function(...e){return A(t=>Reflect.apply(G1,null,[t,...e]),()=>q1(...e),`number format`,t=>Reflect.apply(t.n,t,[...e]),()=>``,e=>G(e)||Dg(e))},N.getDateTimeFormat=function(e){return u.value[e]||{}},N.setDateTimeFormat=function(e,t){u.value[e]=t,C.datetimeFormats=u.value,W1(C,e,t)},N.mergeDateTimeFormat=function(e,t){u.value[e]=vg(u.value[e]||{},t),C.datetimeFormats=u.value,W1(C,e,t)},N.getNumberFormat=function(e){return d.value[e]||{}},N.setNumberFormat=function(e,t){d.value[e]=t,C.numberFormats=d.value,J1(C,e,t)},N.mergeNumberFormat=function(e,t){d.value[e]=vg(d.value[e]||{},t),C.numberFormats=d.value,J1(C,e,t)},N[b0]=n,N[g0]=function(...e){return A(t=>{let n,r=t;try{r.processor=M,n=Reflect.apply(a0,null,[r,...e])}finally{r.processor=null}return n},()=>u0(...e),`translate`,t=>t[g0](...e),e=>[D0(e)],e=>Dg(e))},N[_0]=function(...e){return A(t=>Reflect.apply(V1,null,[t,...e]),()=>U1(...e),`datetime format`,t=>t[_0](...e),k0,e=>G(e)||Dg(e))},N[v0]=function(...e){return A(t=>Reflect.apply(G1,null,[t,...e]),()=>q1(...e),`number format`,t=>t[v0](...e),k0,e=>G(e)||Dg(e))},N}function P0(e){let t=G(e.locale)?e.locale:y1,n=G(e.fallbackLocale)||Dg(e.fallbackLocale)||J(e.fallbackLocale)||e.fallbackLocale===!1?e.fallbackLocale:t,r=W(e.missing)?e.missing:void 0,i=K(e.silentTranslationWarn)||gg(e.silentTranslationWarn)?!e.silentTranslationWarn:!0,a=K(e.silentFallbackWarn)||gg(e.silentFallbackWarn)?!e.silentFallbackWarn:!0,o=!K(e.fallbackRoot)||e.fallbackRoot,s=!!e.formatFallbackMessages,c=J(e.modifiers)?e.modifiers:{},l=e.pluralizationRules,u=W(e.postTranslation)?e.postTranslation:void 0,d=!G(e.warnHtmlInMessage)||e.warnHtmlInMessage!==`off`,f=!!e.escapeParameterHtml,p=!K(e.sync)||e.sync,m=e.messages;if(J(e.sharedMessages)){let t=e.sharedMessages;m=Object.keys(t).reduce((e,n)=>(vg(e[n]||(e[n]={}),t[n]),e),m||{})}let{__i18n:h,__root:g,__injectWithOption:_}=e,v=e.datetimeFormats,y=e.numberFormats,b=e.flatJson;return{locale:t,fallbackLocale:n,messages:m,flatJson:b,datetimeFormats:v,numberFormats:y,missing:r,missingWarn:i,fallbackWarn:a,fallbackRoot:o,fallbackFormat:s,modifiers:c,pluralRules:l,postTranslation:u,warnHtmlMessage:d,escapeParameter:f,messageResolver:e.messageResolver,inheritLocale:p,__i18n:h,__root:g,__injectWithOption:_}}function F0(e={}){let t=N0(P0(e)),{__extender:n}=e,r={id:t.id,get locale(){return t.locale.value},set locale(e){t.locale.value=e},get fallbackLocale(){return t.fallbackLocale.value},set fallbackLocale(e){t.fallbackLocale.value=e},get messages(){return t.messages.value},get datetimeFormats(){return t.datetimeFormats.value},get numberFormats(){return t.numberFormats.value},get availableLocales(){return t.availableLocales},get missing(){return t.getMissingHandler()},set missing(e){t.setMissingHandler(e)},get silentTranslationWarn(){return K(t.missingWarn)?!t.missingWarn:t.missingWarn},set silentTranslationWarn(e){t.missingWarn=K(e)?!e:e},get silentFallbackWarn(){return K(t.fallbackWarn)?!t.fallbackWarn:t.fallbackWarn},set silentFallbackWarn(e){t.fallbackWarn=K(e)?!e:e},get modifiers(){return t.modifiers},get formatFallbackMessages(){return t.fallbackFormat},set formatFallbackMessages(e){t.fallbackFormat=e},get postTranslation(){return t.getPostTranslationHandler()},set postTranslation(e){t.setPostTranslationHandler(e)},get sync(){return t.inheritLocale},set sync(e){t.inheritLocale=e},get warnHtmlInMessage(){return t.warnHtmlMessage?`warn`:`off`},set warnHtmlInMessage(e){t.warnHtmlMessage=e!==`off`},get escapeParameterHtml(){return t.escapeParameter},set escapeParameterHtml(e){t.escapeParameter=e},get pluralizationRules(){return t.pluralRules||{}},__composer:t,t(...e){return Reflect.apply(t.t,t,[...e])},rt(...e){return Reflect.apply(t.rt,t,[...e])},te(e,n){return t.te(e,n)},tm(e){return t.tm(e)},getLocaleMessage(e){return t.getLocaleMessage(e)},setLocaleMessage(e,n){t.setLocaleMessage(e,n)},mergeLocaleMessage(e,n){t.mergeLocaleMessage(e,n)},d(...e){return Reflect.apply(t.d,t,[...e])},getDateTimeFormat(e){return t.getDateTimeFormat(e)},setDateTimeFormat(e,n){t.setDateTimeFormat(e,n)},mergeDateTimeFormat(e,n){t.mergeDateTimeFormat(e,n)},n(...e){return Reflect.apply(t.n,t,[...e])},getNumberFormat(e){return t.getNumberFormat(e)},setNumberFormat(e,n){t.setNumberFormat(e,n)},mergeNumberFormat(e,n){t.mergeNumberFormat(e,n)}};return r.__extender=n,r}function I0(e,t,n){return{beforeCreate(){let r=O0();if(!r)throw h0(X.UNEXPECTED_ERROR);let i=this.$options;if(i.i18n){let r=i.i18n;if(i.__i18n&&(r.__i18n=i.__i18n),r.__root=t,this===this.$root)this.$i18n=L0(e,r);else{r.__injectWithOption=!0,r.__extender=n.__vueI18nExtend,this.$i18n=F0(r);let e=this.$i18n;e.__extender&&(e.__disposer=e.__extender(this.$i18n))}}else if(i.__i18n){if(this===this.$root)this.$i18n=L0(e,i);else{this.$i18n=F0({__i18n:i.__i18n,__injectWithOption:!0,__extender:n.__vueI18nExtend,__root:t});let e=this.$i18n;e.__extender&&(e.__disposer=e.__extender(this.$i18n))}}else this.$i18n=e;i.__i18nGlobal&&E0(t,i,i),this.$t=(...e)=>this.$i18n.t(...e),this.$rt=(...e)=>this.$i18n.rt(...e),this.$te=(e,t)=>this.$i18n.te(e,t),this.$d=(...e)=>this.$i18n.d(...e),this.$n=(...e)=>this.$i18n.n(...e),this.$tm=e=>this.$i18n.tm(e),n.__setInstance(r,this.$i18n)},mounted(){},unmounted(){let e=O0();if(!e)throw h0(X.UNEXPECTED_ERROR);let t=this.$i18n;delete this.$t,delete this.$rt,delete this.$te,delete this.$d,delete this.$n,delete this.$tm,t.__disposer&&(t.__disposer(),delete t.__disposer,delete t.__extender),n.__deleteInstance(e),delete this.$i18n}}}function L0(e,t){e.locale=t.locale||e.locale,e.fallbackLocale=t.fallbackLocale||e.fallbackLocale,e.missing=t.missing||e.missing,e.silentTranslationWarn=t.silentTranslationWarn||e.silentFallbackWarn,e.silentFallbackWarn=t.silentFallbackWarn||e.silentFallbackWarn,e.formatFallbackMessages=t.formatFallbackMessages||e.formatFallbackMessages,e.postTranslation=t.postTranslation||e.postTranslation,e.warnHtmlInMessage=t.warnHtmlInMessage||e.warnHtmlInMessage,e.escapeParameterHtml=t.escapeParameterHtml||e.escapeParameterHtml,e.sync=t.sync||e.sync,e.__composer[y0](t.pluralizationRules||e.pluralizationRules);let n=w0(e.locale,{messages:t.messages,__i18n:t.__i18n});return Object.keys(n).forEach(t=>e.mergeLocaleMessage(t,n[t])),t.datetimeFormats&&Object.keys(t.datetimeFormats).forEach(n=>e.mergeDateTimeFormat(n,t.datetimeFormats[n])),t.numberFormats&&Object.keys(t.numberFormats).forEach(n=>e.mergeNumberFormat(n,t.numberFormats[n])),e}var R0={tag:{type:[String,Object]},locale:{type:String},scope:{type:String,validator:e=>e===`parent`||e===`global`,default:`parent`},i18n:{type:Object}};function z0({slots:e},t){return t.length===1&&t[0]==="default"?(e.default?e.default():[]).reduce((e,t)=>[...e,...t.type===_s?t.children:[t]],[]):t.reduce((t,n)=>{let r=e[n];return r&&(t[n]=r()),t},U())}function B0(){return _s}var V0=li({name:`i18n-t`,props:vg({keypath:{type:String,required:!0},plural:{type:[Number,String],validator:e=>mg(e)||!isNaN(e)}},R0),setup(e,t){let{slots:n,attrs:r}=t,i=e.i18n||Q0({useScope:e.scope,__useComponent:!0});return()=>{let a=()=>{let r=Object.keys(n).filter(e=>e[0]!==`_`),a=U();e.locale&&(a.locale=e.locale),e.plural!==void 0&&(a.plural=G(e.plural)?+e.plural:e.plural);let o=z0(t,r);return i[g0](e.keypath,o,a)},o=vg(U(),r),s=G(e.tag)||q(e.tag)?e.tag:B0();return q(s)?_c(s,o,{default:a}):_c(s,o,a())}}});function H0(e){return Dg(e)&&!G(e[0])}function U0(e,t,n,r){let{slots:i,attrs:a}=t;return()=>{let t=()=>{let t={part:!0},a=U();e.locale&&(t.locale=e.locale),G(e.format)?t.key=e.format:q(e.format)&&(G(e.format.key)&&(t.key=e.format.key),a=Object.keys(e.format).reduce((t,r)=>n.includes(r)?vg(U(),t,{[r]:e.format[r]}):t,U()));let o=r(e.value,t,a),s=[t.key];return Dg(o)?s=o.map((e,t)=>{let n=i[e.type],r=n?n({[e.type]:e.value,index:t,parts:o}):[e.value];return H0(r)&&(r[0].key=`${e.type}-${t}`),r}):G(o)&&(s=[o]),s},o=vg(U(),a),s=G(e.tag)||q(e.tag)?e.tag:B0();return q(s)?_c(s,o,{default:t}):_c(s,o,t())}}var W0=li({name:`i18n-n`,props:vg({value:{type:Number,required:!0},format:{type:[String,Object]}},R0),setup(e,t){let n=e.i18n||Q0({useScope:e.scope,__useComponent:!0});return U0(e,t,K1,(...e)=>n[v0](...e))}});function G0(e,t){let n=e;if(e.mode===`composition`)return n.__getInstance(t)||e.global;{let r=n.__getInstance(t);return r==null?e.global.__composer:r.__composer}}function K0(e){let t=t=>{let{instance:n,value:r}=t;if(!n||!n.$)throw h0(X.UNEXPECTED_ERROR);let i=G0(e,n.$),a=q0(r);return[Reflect.apply(i.t,i,[...J0(a)]),i]};return{created:(e,n)=>{let[r,i]=t(n);ug&&(e.__i18nWatcher=Ar(i.locale,()=>{n.instance&&n.instance.$forceUpdate()})),e.__composer=i,e.textContent=r},unmounted:e=>{ug&&e.__i18nWatcher&&(e.__i18nWatcher(),e.__i18nWatcher=void 0,delete e.__i18nWatcher),e.__composer&&(e.__composer=void 0,delete e.__composer)},beforeUpdate:(e,{value:t})=>{if(e.__composer){let n=e.__composer,r=q0(t);e.textContent=Reflect.apply(n.t,n,[...J0(r)])}},getSSRProps:e=>{let[n]=t(e);return{textContent:n}}}}function q0(e){if(G(e))return{path:e};if(J(e)){if(!(`path`in e))throw h0(X.REQUIRED_VALUE,`path`);return e}throw h0(X.INVALID_VALUE)}function J0(e){let{path:t,locale:n,args:r,choice:i,plural:a}=e,o={},s=r||{};return G(n)&&(o.locale=n),mg(i)&&(o.plural=i),mg(a)&&(o.plural=a),[t,s,o]}function Y0(e,t,...n){let r=J(n[0])?n[0]:{};(!K(r.globalInstall)||r.globalInstall)&&([V0.name,`I18nT`].forEach(t=>e.component(t,V0)),[W0.name,`I18nN`].forEach(t=>e.component(t,W0)),[lv.name,`I18nD`].forEach(t=>e.component(t,lv))),e.directive(`t`,K0(t))}var X0=dg(`global-vue-i18n`);function Z0(e={}){let t=__VUE_I18N_LEGACY_API__&&K(e.legacy)?e.legacy:__VUE_I18N_LEGACY_API__,n=!K(e.globalInjection)||e.globalInjection,r=new Map,[i,a]=$0(e,t),o=dg(``);function s(e){return r.get(e)||null}function c(e,t){r.set(e,t)}function l(e){r.delete(e)}let u={get mode(){return __VUE_I18N_LEGACY_API__&&t?`legacy`:`composition`},async install(e,...r){if(e.__VUE_I18N_SYMBOL__=o,e.provide(e.__VUE_I18N_SYMBOL__,u),J(r[0])){let e=r[0];u.__composerExtend=e.__composerExtend,u.__vueI18nExtend=e.__vueI18nExtend}let i=null;!t&&n&&(i=cv(e,u.global)),__VUE_I18N_FULL_INSTALL__&&Y0(e,u,...r),__VUE_I18N_LEGACY_API__&&t&&e.mixin(I0(a,a.__composer,u));let s=e.unmount;e.unmount=()=>{i&&i(),u.dispose(),s()}},get global(){return a},dispose(){i.stop()},__instances:r,__getInstance:s,__setInstance:c,__deleteInstance:l};return u}function Q0(e={}){let t=O0();if(t==null)throw h0(X.MUST_BE_CALL_SETUP_TOP);if(!t.isCE&&t.appContext.app!=null&&!t.appContext.app.__VUE_I18N_SYMBOL__)throw h0(X.NOT_INSTALLED);let n=ev(t),r=nv(n),i=T0(t),a=tv(e,i);if(a===`global`)return E0(r,e,i),r;if(a===`parent`){let i=rv(n,t,e.__useComponent);return i??=r,i}if(a===`isolated`){if(n.mode!==`composition`)throw h0(X.NOT_AVAILABLE_COMPOSITION_IN_LEGACY);let i=n,a=vg({},e);a.__root=rv(n,t)||r;let o=N0(a);return i.__composerExtend&&(o[x0]=i.__composerExtend(o)),Fe()&&Ie(()=>{let e=o[x0];e&&(e(),delete o[x0])}),o}let o=n,s=o.__getInstance(t);if(s==null){let n=vg({},e);`__i18n`in i&&(n.__i18n=i.__i18n),r&&(n.__root=r),s=N0(n),o.__composerExtend&&(s[x0]=o.__composerExtend(s)),av(o,t,s),o.__setInstance(t,s)}return s}function $0(e,t){let n=Pe(),r=__VUE_I18N_LEGACY_API__&&t?n.run(()=>F0(e)):n.run(()=>N0(e));if(r==null)throw h0(X.UNEXPECTED_ERROR);return[n,r]}function ev(e){let t=L(e.isCE?X0:e.appContext.app.__VUE_I18N_SYMBOL__);if(!t)throw h0(e.isCE?X.NOT_INSTALLED_WITH_PROVIDE:X.UNEXPECTED_ERROR);return t}function tv(e,t){return _g(e)?`__i18n`in t?`local`:`global`:e.useScope?e.useScope:`local`}function nv(e){return e.mode===`composition`?e.global:e.global.__composer}function rv(e,t,n=!1){let r=null,i=t.root,a=iv(t,n);for(;a!=null;){let t=e;if(e.mode===`composition`)r=t.__getInstance(a);else if(__VUE_I18N_LEGACY_API__){let e=t.__getInstance(a);e!=null&&(r=e.__composer,n&&r&&!r[b0]&&(r=null))}if(r!=null||i===a)break;a=a.parent}return r}function iv(e,t=!1){return e==null?null:t&&e.vnode.ctx||e.parent}function av(e,t,n){na(()=>{},t),oa(()=>{let r=n;e.__deleteInstance(t);let i=r[x0];i&&(i(),delete r[x0])},t)}var ov=[`locale`,`fallbackLocale`,`availableLocales`],sv=[`t`,`rt`,`d`,`n`,`tm`,`te`];function cv(e,t){let n=Object.create(null);return ov.forEach(e=>{let r=Object.getOwnPropertyDescriptor(t,e);if(!r)throw h0(X.UNEXPECTED_ERROR);let i=I(r.value)?{get(){return r.value.value},set(e){r.value.value=e}}:{get(){return r.get&&r.get()}};Object.defineProperty(n,e,i)}),e.config.globalProperties.$i18n=n,sv.forEach(n=>{let r=Object.getOwnPropertyDescriptor(t,n);if(!r||!r.value)throw h0(X.UNEXPECTED_ERROR);Object.defineProperty(e.config.globalProperties,`$${n}`,r)}),()=>{delete e.config.globalProperties.$i18n,sv.forEach(t=>{delete e.config.globalProperties[`$${t}`]})}}var lv=li({name:`i18n-d`,props:vg({value:{type:[Number,Date],required:!0},format:{type:[String,Object]}},R0),setup(e,t){let n=e.i18n||Q0({useScope:e.scope,__useComponent:!0});return U0(e,t,H1,(...e)=>n[_0](...e))}});if(m0(),C1(G_),T1(g1),D1(r1),__INTLIFY_PROD_DEVTOOLS__){let e=xg();e.__INTLIFY__=!0,q_(e.__INTLIFY_DEVTOOLS_GLOBAL_HOOK__)}var uv={nav:{dashboard:`Dashboard`,orders:`Orders`,refunds:`Refunds`,callbacks:`Callbacks`,reconciliation:`Reconciliation`,projects:`Projects`,admins:`Admins`,audit:`Audit log`,sandbox:`Sandbox`},navGroup:{payments:`Payments`,configuration:`Configuration`,administration:`Administration`,tools:`Tools`},common:{actions:`Actions`,cancel:`Cancel`,confirm:`Please confirm`,create:`Create`,createdAt:`Created`,updatedAt:`Updated`,ok:`OK`,reload:`Reload`,reset:`Reset`,save:`Save`,saved:`Saved`,search:`Search`,time:`Time`,total:`{n} in total`},time:{beijing:`Beijing time: {time}`},layout:{signedInAs:`Signed in as {name}`,logout:`Log out`},login:{username:`Username`,password:`Password`,submit:`Log in`,required:`Enter the username and the password.`,reason:{expired:`Your session expired. Please log in again.`,unauthenticated:`Your session is no longer valid. Please log in again.`}},orderState:{PENDING:`Pending`,PAID:`Paid`,PARTIALLY_REFUNDED:`Partly refunded`,REFUNDED:`Refunded`,CLOSED:`Closed`,FAILED:`Failed`},refundState:{PROCESSING:`Processing`,SUCCEEDED:`Succeeded`,FAILED:`Failed`},channel:{WECHAT_JSAPI:`WeChat mini-program`,WECHAT_APP:`WeChat app`,WECHAT_NATIVE:`WeChat QR`,WECHAT_H5:`WeChat H5`,ALIPAY_APP:`Alipay app`,ALIPAY_QR:`Alipay QR`,ALIPAY_PAGE:`Alipay website`,ALIPAY_WAP:`Alipay mobile web`},orders:{allProjects:`All projects`,allStates:`All states`,allChannels:`All channels`,from:`From`,to:`To`,orderNo:`Order number`,project:`Project`,subject:`Subject`,amount:`Amount`,refunded:`Refunded`,channel:`Channel`,state:`State`,callback:`Callback`,paidAt:`Paid`,flagged:`Flagged: a provider message disagreed with this order`,live:`Live`,liveHint:`New and changed orders appear here as they happen.`,notLive:`Live updates stopped for some projects; reload the page to resume.`,notLiveShort:`Not live`,connecting:`Connecting…`,export:`Export CSV`,exporting:`Exporting… {n}`,exported:`Exported {n} orders.`,exportLimited:`The export stops at {n} orders; narrow the filter for the rest.`,perPage:`{n} / page`,page:`Page {n}`,previous:`Previous`,next:`Next`,q:`Search: number, trade no., payer, subject`},order:{title:`Order`,refresh:`Ask the provider`,refreshed:`Refreshed from the provider.`,close:`Close`,closeConfirm:`Close this order at the provider? The buyer can no longer pay it.`,refund:`Refund`,resend:`Resend callback`,resendQueued:`The callback is queued again.`,paidAmount:`Paid by the buyer`,providerTradeNo:`Provider trade number`,payer:`Payer`,expiresAt:`Expires`,closedAt:`Closed`,attach:`Attach`,delivered:`Delivered`,notDelivered:`Not delivered`,timeline:`Timeline`,rawReply:`Provider message`,refunds:`Refunds`,noRefunds:`No refunds`,callbacks:`Callback attempts`,noCallbacks:`No callback sent yet`,noCallbackUrl:`The project has no callback URL`},refund:{refundable:`Refundable`,kind:`Refund`,full:`Full`,partial:`Partial`,amountYuan:`Amount (yuan)`,reason:`Reason`,refundNo:`Refund number`,providerRefundNo:`Provider refund number`,failureReason:`Failure`,succeededAt:`Succeeded`,submit:`Refund`,badAmount:`Enter an amount in yuan, e.g. 12.50 (at most two decimals).`,tooMuch:`At most {max} can be refunded.`,badRefundNo:`The refund number is 1–64 characters of 0-9 A-Z a-z _ - | * @.`,reasonTooLong:`The reason is at most 80 characters.`,requested:`Refund of {amount}: {state}.`},callback:{eventId:`Event id`,status:`Status`,latency:`Latency`,response:`Response`,noReply:`No reply`},project:{new:`New project`,created:`Project created`,name:`Name`,nameRequired:`The project needs a name.`,status:`Status`,enabled:`Enabled`,disabled:`Disabled`,providers:`Providers`,callbackUrl:`Callback URL`,apiKeyPrefix:`API key`,orderTtl:`Order time to live`,seconds:`seconds`,trustClientAmount:`Trust client amounts`,trustWarning:`Unsafe: mini-program users may then pay any amount without a ticket from your backend.`,wechat:`WeChat Pay`,alipay:`Alipay`,secretSet:`Set`,secretNotSet:`Not set`,secretUnchanged:`Leave empty to keep it unchanged`,clearSecret:`Remove`,pem:`PEM or bare base64`,apiVersion:`API for new orders`,apiVersionAuto:`Automatic`,apiVersionHint:`Orders placed from now on use this API; existing orders settle on the API they were made with. Automatic: v2 when its credentials are complete, else v3.`,wechatV2:`API v2`,wechatV3:`API v3`,wechatV3Hint:`The merchant API certificate’s serial and private key (apiclient_key.pem), the APIv3 key, and WeChat Pay’s public key with its id; leave the public key and its id empty for platform-certificate mode.`,serialPlaceholder:`40 hexadecimal digits`,merchantKeyPlaceholder:`-----BEGIN PRIVATE KEY----- (PKCS#1 or PKCS#8 PEM)`,apiV3KeyPlaceholder:`Exactly 32 bytes`,publicKeyPlaceholder:`-----BEGIN PUBLIC KEY----- (PEM)`,bytes:`{n} bytes`,platformCertificates:`Platform certificates`,certificateSerial:`Serial`,certificateExpires:`Expires`,noCertificates:`None downloaded yet (certificate mode downloads them on the first v3 call).`,publicKeyMode:`Public-key mode: WeChat Pay’s public key verifies its signatures, no certificates.`,fillSandboxCertificate:`v3 in certificate mode`,wechatMode:{publicKey:`Sandbox merchant with WeChat Pay v3 in public-key mode.`,certificate:`Sandbox merchant with WeChat Pay v3 in certificate mode.`},problems:{apiV3KeyLength:`The APIv3 key is exactly 32 bytes, not {n}.`,serialNo:`The serial is hexadecimal digits (at most 64).`,publicKeyPair:`The WeChat Pay public key and its id go together (or neither, for certificate mode).`,v3Incomplete:`API v3 needs appId, mchId, merchantSerialNo, merchantPrivateKey and apiV3Key.`},sandboxHint:`The sandbox is on: fill in the credentials of a new sandbox merchant.`,fillSandbox:`Fill from a sandbox merchant`,sandboxName:`Sandbox {mchId}`,settings:`Settings`,details:`Details`,keys:`Keys`,keysHint:`The API key authenticates the merchant backend; the signing secret signs callbacks and payment tickets. A new one replaces the old at once and is shown only once.`,rotateKey:`New API key`,rotateKeyConfirm:`Issue a new API key? The current key stops working at once.`,rotateSecret:`New signing secret`,rotateSecretConfirm:`Issue a new signing secret? Callbacks are signed with the new one from now on.`,enable:`Enable`,disable:`Disable`,disableConfirm:`Disable this project? New payments are refused; existing orders still settle.`,enabledHint:`The project accepts new payments.`,disabledHint:`New payments are refused; existing orders still settle.`,ownersOnly:`Only owners change projects, credentials and keys.`,testCallback:`Test callback`,testCallbackHint:`Sends a signed "test" event to {url} now and shows the reply.`,sendTestCallback:`Send test callback`,testAcknowledged:`Acknowledged: HTTP {status} in {ms} ms.`,testFailed:`Not acknowledged: {status} after {ms} ms.`},secret:{onceOnly:`Copy it now: it is shown only this once.`,copy:`Copy`,copied:`{what} copied.`,copiedShort:`Copied`,copyFailed:`Could not copy: select the text and copy it by hand.`,saved:`I have saved it`},sandbox:{hint:`The provider sandbox plays WeChat Pay and Alipay: place a test order, then pay it (or fail it) as the buyer. The order changes when the sandbox’s signed notify arrives.`,newOrder:`New test order`,place:`Place order`,placed:`Order {orderNo} placed.`,pickProject:`Choose a project.`,autoOrderNo:`Generated`,pending:`Pending orders`,pay:`Pay`,fail:`Fail`,played:`Sent to the sandbox for {orderNo}.`},roles:{OWNER:`Owner`,OPERATOR:`Operator`,VIEWER:`Viewer`,hint:{OWNER:`Everything: projects, credentials, keys, admins, and what an operator does.`,OPERATOR:`Orders, refunds, closes and callback resends; no credentials, keys or admins.`,VIEWER:`Reads everything, changes nothing.`}},dashboard:{today:`Today`,days:`{n} days`,custom:`Range`,beijingDays:`Days and hours in Beijing time`,paidAmount:`Paid amount`,net:`Net of refunds: {amount}`,paidCount:`Paid orders`,createdOf:`of {n} orders created`,successRate:`Success rate`,successHint:`Orders created in the range that are paid`,refunded:`Refunded`,refundCount:`no refunds | {n} refund | {n} refunds`,amountsOverTime:`Paid by channel, and refunds (¥)`,ordersOverTime:`Orders and success rate`,byChannel:`By channel`,byProject:`By project`,feed:`Live order events`,feedEmpty:`Waiting for order events…`,orders:`Orders`,created:`Created`},callbacks:{failed:`Failed`,undelivered:`Not delivered`,delivered:`Delivered`,all:`All`,hint:`Failed: the merchant did not acknowledge any attempt of the retry schedule. Resend delivers the same event (same id) again.`,type:`Event`,types:{ORDER_PAID:`order.paid`,ORDER_CLOSED:`order.closed`,ORDER_REFUNDED:`order.refunded`,RECONCILIATION_DISCREPANCY:`reconciliation.discrepancy`},state:`Delivery`,gaveUp:`Gave up`,retrying:`Retrying`,attempts:`Attempts`,report:`Reconciliation report`,noOrder:`No order in paycenter`,notResendable:`Not resendable`,lastReply:`Last reply`},reconciliationStatus:{PENDING:`Scheduled`,RUNNING:`Running`,NOT_READY:`Bill not out yet`,RETRYING:`Retrying`,DONE:`Done`,NO_BILL:`No bill`,FAILED:`Failed`},discrepancyKind:{PAID_NOT_RECORDED:`Paid, not recorded here`,MISSING_FROM_BILL:`Missing from the bill`,AMOUNT_DIFFERS:`Amount differs`,REFUND_NOT_RECORDED:`Refund not recorded here`,REFUND_MISSING_FROM_BILL:`Refund missing from the bill`,STATE_DIFFERS:`State differs`},discrepancyStatus:{OPEN:`Open`,HEALED:`Healed`,RESOLVED:`Resolved`,CLEARED:`Cleared`},provider:{WECHAT:`WeChat Pay`,ALIPAY:`Alipay`},reconciliation:{hint:`Every day paycenter compares each project’s orders and refunds with the provider’s bill of that day (Beijing time). What a query to the provider settles is healed; the rest waits here for a person.`,allProviders:`All providers`,allStatuses:`All statuses`,day:`Day`,beijingDay:`Day (Beijing time)`,provider:`Provider`,status:`Status`,bill:`Bill`,paycenter:`paycenter`,difference:`Difference`,payments:`Payments`,paidAmount:`Paid amount`,settlementAmount:`Settled to the merchant`,refunds:`Refunds`,refundedAmount:`Refunded amount`,fee:`Provider fees`,notRead:`no bill read`,discrepancies:`Discrepancies`,openOf:`{open} open of {n}`,healed:`{n} healed`,attempts:`Attempts`,startedAt:`Started`,finishedAt:`Finished`,nextAttemptAt:`Next attempt`,lastError:`Last error`,open:`Open`,comparison:`Bill and paycenter`,run:`Run`,reconcile:`Reconcile a day`,reconcileAgain:`Reconcile again`,reconcileHint:`Downloads the provider’s bill of the day and compares it again, even if the day was reconciled before. Nothing is healed or called back twice.`,eachProvider:`Each provider it has credentials for`,pickProject:`Choose a project.`,pickDay:`Choose a day.`,futureDay:`A day that has not begun yet in Beijing cannot be reconciled.`,reconciled:`{provider} on {day}: {status}.`,stillRunning:`Still running; the page looks again every few seconds.`,kind:`Kind`,allKinds:`All kinds`,order:`Order`,unknownOrder:`not in paycenter`,refund:`Refund`,tradeNo:`Provider trade no.`,amount:`paycenter`,billAmount:`Bill`,billLine:`Bill line {n}`,detail:`Detail`,noDiscrepancies:`No discrepancies`,healedAt:`Healed {time}`,resolution:`Resolution`,resolvedBy:`{who}, {time}`,resolve:`Resolve`,resolveTitle:`Resolve a discrepancy`,resolveHint:`Closes it for good with your note: what was done about it, and why. Your name and the time are kept.`,note:`Note`,noteEmpty:`Write what was done about it.`,noteTooLong:`The note is at most {n} characters.`,noteControl:`The note cannot contain control characters such as tabs.`,resolved:`Discrepancy resolved.`},admins:{hint:`Owners manage admins. A disabled admin cannot log in and its sessions end at once.`,new:`New admin`,created:`Admin {name} created.`,you:`you`,role:`Role`,passwordChangedAt:`Password changed`,resetPassword:`Set password`,resetHint:`A new password for {name} (at least 8 characters). Their sessions end.`,passwordSet:`Password of {name} set.`,disableConfirm:`Disable {name}? They are logged out at once.`,changeOwn:`Change my password`,currentPassword:`Current password`,newPassword:`New password`,again:`New password again`,mismatch:`The new passwords differ.`,ownChanged:`Password changed. Other sessions of yours have ended.`},audit:{allActions:`All actions`,allTargets:`All objects`,targetId:`Object id`,actorId:`Actor id`,who:`Who`,action:`Action`,target:`Object`,detail:`Detail`,ip:`IP`,actors:{ADMIN:`Admin`,PROJECT:`Project key`,USER:`User`,CLI:`Command line`},targets:{ADMIN:`Admin`,PROJECT:`Project`,ORDER:`Order`,REFUND:`Refund`,RECONCILIATION_REPORT:`Reconciliation report`,DISCREPANCY:`Discrepancy`},actions:{LOGIN:`Logged in`,LOGIN_FAILED:`Login refused`,PROJECT_CREATED:`Project created`,PROJECT_UPDATED:`Project settings changed`,CREDENTIALS_CHANGED:`Credentials changed`,CALLBACK_URL_CHANGED:`Callback URL changed`,API_KEY_ROTATED:`New API key`,SIGNING_SECRET_ROTATED:`New signing secret`,PROJECT_DISABLED:`Project disabled`,PROJECT_ENABLED:`Project enabled`,ORDER_CLOSED:`Order closed`,REFUND_REQUESTED:`Refund requested`,CALLBACK_RESENT:`Callback resent`,TEST_CALLBACK_SENT:`Test callback sent`,ADMIN_CREATED:`Admin created`,ADMIN_UPDATED:`Admin changed`,ADMIN_DISABLED:`Admin disabled`,PASSWORD_RESET:`Password set by an owner`,PASSWORD_CHANGED:`Own password changed`,RECONCILIATION_RUN:`Day reconciled by hand`,DISCREPANCY_RESOLVED:`Discrepancy resolved`}},errors:{UNAUTHENTICATED:`Not logged in`,FORBIDDEN:`Not allowed`,NOT_FOUND:`Not found`,BAD_USER_INPUT:`Invalid input`,INVALID_AMOUNT:`Invalid amount`,INVALID_ORDER_NO:`Invalid order number`,ORDER_NO_CONFLICT:`Order number already used`,ORDER_NOT_PAYABLE:`The order cannot be paid`,ORDER_NOT_CLOSABLE:`The order cannot be closed`,ORDER_NOT_REFUNDABLE:`The order cannot be refunded`,REFUND_NO_CONFLICT:`Refund number already used`,REFUND_EXCEEDS_PAID:`More than was paid`,PROVIDER_ERROR:`The provider refused`,PROVIDER_UNAVAILABLE:`The provider is unavailable`,PROJECT_DISABLED:`The project is disabled`,CHANNEL_NOT_CONFIGURED:`The channel is not configured`,RATE_LIMITED:`Too many requests`,INTERNAL:`Server error`,NETWORK:`Network error`,USERNAME_TAKEN:`The username is taken`,LAST_OWNER:`The last owner must stay`}},dv={nav:{dashboard:`概览`,orders:`订单`,refunds:`退款`,callbacks:`回调`,reconciliation:`对账`,projects:`项目`,admins:`管理员`,audit:`审计日志`,sandbox:`沙箱`},navGroup:{payments:`支付`,configuration:`配置`,administration:`管理`,tools:`工具`},common:{actions:`操作`,cancel:`取消`,confirm:`请确认`,create:`创建`,createdAt:`创建时间`,updatedAt:`更新时间`,ok:`确定`,reload:`刷新`,reset:`重置`,save:`保存`,saved:`已保存`,search:`查询`,time:`时间`,total:`共 {n} 条`},time:{beijing:`北京时间：{time}`},layout:{signedInAs:`当前用户：{name}`,logout:`退出登录`},login:{username:`用户名`,password:`密码`,submit:`登录`,required:`请输入用户名和密码。`,reason:{expired:`登录已过期，请重新登录。`,unauthenticated:`登录已失效，请重新登录。`}},orderState:{PENDING:`待支付`,PAID:`已支付`,PARTIALLY_REFUNDED:`部分退款`,REFUNDED:`已退款`,CLOSED:`已关闭`,FAILED:`失败`},refundState:{PROCESSING:`处理中`,SUCCEEDED:`成功`,FAILED:`失败`},channel:{WECHAT_JSAPI:`微信小程序`,WECHAT_APP:`微信 App`,WECHAT_NATIVE:`微信扫码`,WECHAT_H5:`微信 H5`,ALIPAY_APP:`支付宝 App`,ALIPAY_QR:`支付宝扫码`,ALIPAY_PAGE:`支付宝电脑网站`,ALIPAY_WAP:`支付宝手机网站`},orders:{allProjects:`全部项目`,allStates:`全部状态`,allChannels:`全部渠道`,from:`开始日期`,to:`结束日期`,orderNo:`订单号`,project:`项目`,subject:`商品`,amount:`金额`,refunded:`已退款`,channel:`渠道`,state:`状态`,callback:`回调`,paidAt:`支付时间`,flagged:`已标记：支付渠道的消息与订单不一致`,live:`实时`,liveHint:`新订单和订单变化会实时出现在这里。`,notLive:`部分项目的实时更新已中断，请刷新页面。`,notLiveShort:`未实时`,connecting:`连接中…`,export:`导出 CSV`,exporting:`导出中… {n}`,exported:`已导出 {n} 笔订单。`,exportLimited:`导出上限为 {n} 笔订单，请缩小筛选范围导出其余部分。`,perPage:`{n} 条/页`,page:`第 {n} 页`,previous:`上一页`,next:`下一页`,q:`搜索：订单号、交易号、付款人、商品`},order:{title:`订单`,refresh:`向渠道查询`,refreshed:`已从支付渠道刷新。`,close:`关闭订单`,closeConfirm:`在支付渠道关闭此订单？关闭后买家将无法支付。`,refund:`退款`,resend:`重发回调`,resendQueued:`回调已重新排队。`,paidAmount:`买家实付`,providerTradeNo:`渠道交易号`,payer:`付款人`,expiresAt:`过期时间`,closedAt:`关闭时间`,attach:`附加数据`,delivered:`已送达`,notDelivered:`未送达`,timeline:`时间线`,rawReply:`渠道原始消息`,refunds:`退款`,noRefunds:`暂无退款`,callbacks:`回调记录`,noCallbacks:`尚未发送回调`,noCallbackUrl:`该项目未设置回调地址`},refund:{refundable:`可退金额`,kind:`退款方式`,full:`全额`,partial:`部分`,amountYuan:`金额（元）`,reason:`退款原因`,refundNo:`退款单号`,providerRefundNo:`渠道退款单号`,failureReason:`失败原因`,succeededAt:`退款成功时间`,submit:`确认退款`,badAmount:`请输入以元为单位的金额，例如 12.50（最多两位小数）。`,tooMuch:`最多可退 {max}。`,badRefundNo:`退款单号为 1–64 位，仅限 0-9 A-Z a-z _ - | * @。`,reasonTooLong:`退款原因最多 80 个字符。`,requested:`退款 {amount}：{state}。`},callback:{eventId:`事件 ID`,status:`状态`,latency:`耗时`,response:`响应`,noReply:`无响应`},project:{new:`新建项目`,created:`项目已创建`,name:`名称`,nameRequired:`请填写项目名称。`,status:`状态`,enabled:`已启用`,disabled:`已停用`,providers:`支付渠道`,callbackUrl:`回调地址`,apiKeyPrefix:`API 密钥`,orderTtl:`订单有效期`,seconds:`秒`,trustClientAmount:`信任客户端金额`,trustWarning:`不安全：小程序用户无需商户后台签发的凭证即可支付任意金额。`,wechat:`微信支付`,alipay:`支付宝`,secretSet:`已设置`,secretNotSet:`未设置`,secretUnchanged:`留空则保持不变`,clearSecret:`清除`,pem:`PEM 或 base64`,apiVersion:`新订单使用的 API`,apiVersionAuto:`自动`,apiVersionHint:`此后创建的订单使用此 API；已有订单仍按创建时的 API 完成。自动：v2 凭证完整时用 v2，否则用 v3。`,wechatV2:`API v2`,wechatV3:`API v3`,wechatV3Hint:`商户 API 证书序列号与私钥（apiclient_key.pem）、APIv3 密钥，以及微信支付公钥及其 ID；使用平台证书模式时，公钥及其 ID 留空。`,serialPlaceholder:`40 位十六进制数字`,merchantKeyPlaceholder:`-----BEGIN PRIVATE KEY-----（PKCS#1 或 PKCS#8 PEM）`,apiV3KeyPlaceholder:`恰好 32 字节`,publicKeyPlaceholder:`-----BEGIN PUBLIC KEY-----（PEM）`,bytes:`{n} 字节`,platformCertificates:`平台证书`,certificateSerial:`序列号`,certificateExpires:`到期时间`,noCertificates:`尚未下载（平台证书模式在首次 v3 调用时下载）。`,publicKeyMode:`公钥模式：使用微信支付公钥验签，无需平台证书。`,fillSandboxCertificate:`v3 平台证书模式`,wechatMode:{publicKey:`沙箱商户：微信支付 v3 公钥模式。`,certificate:`沙箱商户：微信支付 v3 平台证书模式。`},problems:{apiV3KeyLength:`APIv3 密钥必须恰好 32 字节，当前 {n} 字节。`,serialNo:`序列号为十六进制数字（最多 64 位）。`,publicKeyPair:`微信支付公钥与其 ID 需同时填写（平台证书模式则都不填）。`,v3Incomplete:`API v3 需要 appId、mchId、merchantSerialNo、merchantPrivateKey 和 apiV3Key。`},sandboxHint:`沙箱已开启：可以用一个新的沙箱商户填写凭证。`,fillSandbox:`使用沙箱商户填写`,sandboxName:`沙箱 {mchId}`,settings:`设置`,details:`详情`,keys:`密钥`,keysHint:`API 密钥用于商户后台鉴权；签名密钥用于签名回调和支付凭证。新密钥立即替换旧密钥，且只显示一次。`,rotateKey:`重新生成 API 密钥`,rotateKeyConfirm:`生成新的 API 密钥？当前密钥将立即失效。`,rotateSecret:`重新生成签名密钥`,rotateSecretConfirm:`生成新的签名密钥？此后的回调将使用新密钥签名。`,enable:`启用`,disable:`停用`,disableConfirm:`停用该项目？将拒绝新的支付，已有订单仍会正常结算。`,enabledHint:`该项目正在接受新的支付。`,disabledHint:`将拒绝新的支付，已有订单仍会正常结算。`,ownersOnly:`只有所有者可以修改项目、凭证和密钥。`,testCallback:`测试回调`,testCallbackHint:`立即向 {url} 发送一个已签名的 "test" 事件，并显示对方的应答。`,sendTestCallback:`发送测试回调`,testAcknowledged:`已确认：HTTP {status}，耗时 {ms} 毫秒。`,testFailed:`未确认：{status}，耗时 {ms} 毫秒。`},secret:{onceOnly:`请立即复制保存：此内容只显示这一次。`,copy:`复制`,copied:`已复制{what}。`,copiedShort:`已复制`,copyFailed:`无法复制，请手动选中文本复制。`,saved:`我已保存`},sandbox:{hint:`沙箱模拟微信支付和支付宝：先创建测试订单，再以买家身份支付（或让支付失败）。收到沙箱签名的通知后订单状态随之变化。`,newOrder:`新建测试订单`,place:`下单`,placed:`订单 {orderNo} 已创建。`,pickProject:`请选择项目。`,autoOrderNo:`自动生成`,pending:`待支付订单`,pay:`支付`,fail:`支付失败`,played:`已向沙箱提交订单 {orderNo}。`},roles:{OWNER:`所有者`,OPERATOR:`操作员`,VIEWER:`只读`,hint:{OWNER:`全部权限：项目、凭证、密钥、管理员，以及操作员的一切操作。`,OPERATOR:`订单、退款、关单和重发回调；不能修改凭证、密钥和管理员。`,VIEWER:`可以查看一切，不能做任何修改。`}},dashboard:{today:`今天`,days:`{n} 天`,custom:`自选日期`,beijingDays:`按北京时间的日、小时统计`,paidAmount:`支付金额`,net:`扣除退款后：{amount}`,paidCount:`支付笔数`,createdOf:`共创建 {n} 笔订单`,successRate:`支付成功率`,successHint:`区间内创建的订单中已支付的比例`,refunded:`退款`,refundCount:`{n} 笔退款`,amountsOverTime:`各渠道支付金额与退款（元）`,ordersOverTime:`订单数与成功率`,byChannel:`按渠道`,byProject:`按项目`,feed:`实时订单动态`,feedEmpty:`等待订单动态…`,orders:`订单数`,created:`创建`},callbacks:{failed:`投递失败`,undelivered:`未送达`,delivered:`已送达`,all:`全部`,hint:`投递失败：按重试计划的每一次尝试商户都未确认。重发会再次投递同一事件（同一事件 ID）。`,type:`事件`,types:{ORDER_PAID:`order.paid`,ORDER_CLOSED:`order.closed`,ORDER_REFUNDED:`order.refunded`,RECONCILIATION_DISCREPANCY:`reconciliation.discrepancy`},state:`投递状态`,gaveUp:`已放弃`,retrying:`重试中`,attempts:`尝试次数`,report:`对账报告`,noOrder:`paycenter 中无此订单`,notResendable:`不可重发`,lastReply:`最近应答`},reconciliationStatus:{PENDING:`待对账`,RUNNING:`对账中`,NOT_READY:`账单未出`,RETRYING:`重试中`,DONE:`已完成`,NO_BILL:`无账单`,FAILED:`失败`},discrepancyKind:{PAID_NOT_RECORDED:`渠道已支付，本地未记录`,MISSING_FROM_BILL:`本地已支付，账单中没有`,AMOUNT_DIFFERS:`金额不一致`,REFUND_NOT_RECORDED:`渠道有退款，本地未记录`,REFUND_MISSING_FROM_BILL:`本地退款成功，账单中没有`,STATE_DIFFERS:`状态不一致`},discrepancyStatus:{OPEN:`待处理`,HEALED:`已自动修复`,RESOLVED:`已人工处理`,CLEARED:`已消除`},provider:{WECHAT:`微信支付`,ALIPAY:`支付宝`},reconciliation:{hint:`paycenter 每天把各项目的订单和退款与渠道当天（北京时间）的对账单逐笔核对。向渠道查询即可确认的差异会自动修复，其余的在此等待人工处理。`,allProviders:`全部渠道`,allStatuses:`全部状态`,day:`日期`,beijingDay:`日期（北京时间）`,provider:`渠道`,status:`状态`,bill:`对账单`,paycenter:`paycenter`,difference:`差额`,payments:`支付笔数`,paidAmount:`支付金额`,settlementAmount:`商户结算金额`,refunds:`退款笔数`,refundedAmount:`退款金额`,fee:`渠道手续费`,notRead:`尚未读取账单`,discrepancies:`差异`,openOf:`{n} 条中 {open} 条待处理`,healed:`{n} 条已自动修复`,attempts:`尝试次数`,startedAt:`开始时间`,finishedAt:`完成时间`,nextAttemptAt:`下次尝试`,lastError:`最近错误`,open:`查看`,comparison:`对账单与 paycenter`,run:`开始对账`,reconcile:`按日对账`,reconcileAgain:`重新对账`,reconcileHint:`下载渠道当天的对账单并重新核对，即使该日已对过账。不会重复修复或重复回调。`,eachProvider:`所有已配置凭证的渠道`,pickProject:`请选择项目。`,pickDay:`请选择日期。`,futureDay:`北京时间尚未开始的日期无法对账。`,reconciled:`{provider} {day}：{status}。`,stillRunning:`仍在对账中，页面每隔几秒会自动刷新。`,kind:`类型`,allKinds:`全部类型`,order:`订单`,unknownOrder:`paycenter 中无此订单`,refund:`退款`,tradeNo:`渠道交易号`,amount:`paycenter`,billAmount:`对账单`,billLine:`账单第 {n} 行`,detail:`说明`,noDiscrepancies:`没有差异`,healedAt:`已于 {time} 自动修复`,resolution:`处理`,resolvedBy:`{who}，{time}`,resolve:`处理`,resolveTitle:`处理对账差异`,resolveHint:`附上说明后结束此差异：做了什么处理、为什么。会记录您的用户名和时间。`,note:`说明`,noteEmpty:`请填写处理说明。`,noteTooLong:`说明最多 {n} 个字符。`,noteControl:`说明不能包含制表符等控制字符。`,resolved:`差异已处理。`},admins:{hint:`由所有者管理管理员。被停用的管理员无法登录，其会话立即失效。`,new:`新建管理员`,created:`已创建管理员 {name}。`,you:`我`,role:`角色`,passwordChangedAt:`密码修改时间`,resetPassword:`设置密码`,resetHint:`为 {name} 设置新密码（至少 8 个字符），其现有会话将失效。`,passwordSet:`已设置 {name} 的密码。`,disableConfirm:`停用 {name}？其将被立即登出。`,changeOwn:`修改我的密码`,currentPassword:`当前密码`,newPassword:`新密码`,again:`再次输入新密码`,mismatch:`两次输入的新密码不一致。`,ownChanged:`密码已修改，你的其他会话已失效。`},audit:{allActions:`全部操作`,allTargets:`全部对象`,targetId:`对象 ID`,actorId:`操作者 ID`,who:`操作者`,action:`操作`,target:`对象`,detail:`详情`,ip:`IP`,actors:{ADMIN:`管理员`,PROJECT:`项目密钥`,USER:`用户`,CLI:`命令行`},targets:{ADMIN:`管理员`,PROJECT:`项目`,ORDER:`订单`,REFUND:`退款`,RECONCILIATION_REPORT:`对账报告`,DISCREPANCY:`对账差异`},actions:{LOGIN:`登录`,LOGIN_FAILED:`登录被拒绝`,PROJECT_CREATED:`创建项目`,PROJECT_UPDATED:`修改项目设置`,CREDENTIALS_CHANGED:`修改凭证`,CALLBACK_URL_CHANGED:`修改回调地址`,API_KEY_ROTATED:`更换 API 密钥`,SIGNING_SECRET_ROTATED:`更换签名密钥`,PROJECT_DISABLED:`停用项目`,PROJECT_ENABLED:`启用项目`,ORDER_CLOSED:`关闭订单`,REFUND_REQUESTED:`申请退款`,CALLBACK_RESENT:`重发回调`,TEST_CALLBACK_SENT:`发送测试回调`,ADMIN_CREATED:`创建管理员`,ADMIN_UPDATED:`修改管理员`,ADMIN_DISABLED:`停用管理员`,PASSWORD_RESET:`所有者设置密码`,PASSWORD_CHANGED:`修改本人密码`,RECONCILIATION_RUN:`手动对账`,DISCREPANCY_RESOLVED:`处理对账差异`}},errors:{UNAUTHENTICATED:`未登录`,FORBIDDEN:`无权限`,NOT_FOUND:`未找到`,BAD_USER_INPUT:`输入有误`,INVALID_AMOUNT:`金额无效`,INVALID_ORDER_NO:`订单号无效`,ORDER_NO_CONFLICT:`订单号已被使用`,ORDER_NOT_PAYABLE:`订单无法支付`,ORDER_NOT_CLOSABLE:`订单无法关闭`,ORDER_NOT_REFUNDABLE:`订单无法退款`,REFUND_NO_CONFLICT:`退款单号已被使用`,REFUND_EXCEEDS_PAID:`退款金额超过实付金额`,PROVIDER_ERROR:`支付渠道拒绝`,PROVIDER_UNAVAILABLE:`支付渠道不可用`,PROJECT_DISABLED:`项目已停用`,CHANNEL_NOT_CONFIGURED:`该渠道未配置`,RATE_LIMITED:`请求过于频繁`,INTERNAL:`服务器错误`,NETWORK:`网络错误`,USERNAME_TAKEN:`用户名已被占用`,LAST_OWNER:`必须保留至少一名所有者`}},fv=`paycenter.locale`;function pv(e,t){if(e===`zh-CN`||e===`en`)return e;for(let e of t){let t=e.toLowerCase();if(t.startsWith(`zh`))return`zh-CN`;if(t.startsWith(`en`))return`en`}return`en`}function mv(){try{return localStorage.getItem(fv)}catch{return null}}var hv=pv(mv(),typeof navigator>`u`?[]:navigator.languages),gv=Z0({legacy:!1,locale:hv,fallbackLocale:`en`,messages:{en:uv,"zh-CN":dv}}),_v=un(hv);function vv(e){gv.global.locale.value=e,_v.value=e,document.documentElement.lang=e;try{localStorage.setItem(fv,e)}catch{}}typeof document<`u`&&(document.documentElement.lang=hv);var yv=li({__name:`App`,setup(e){let t=V(()=>_v.value===`zh-CN`?cg:wh);return(e,n)=>{let r=pa(`RouterView`);return Ss(),Os(hn(sg),{locale:t.value},{default:br(()=>[z(r)]),_:1},8,[`locale`])}}}),bv=typeof document<`u`;function xv(e){return typeof e==`object`||`displayName`in e||`props`in e||`__vccOpts`in e}function Sv(e){return e.__esModule||e[Symbol.toStringTag]===`Module`||e.default&&xv(e.default)}var Z=Object.assign;function Cv(e,t){let n={};for(let r in t){let i=t[r];n[r]=Tv(i)?i.map(e):e(i)}return n}var wv=()=>{},Tv=Array.isArray;function Ev(e,t){let n={};for(let r in e)n[r]=r in t?t[r]:e[r];return n}var Dv=/#/g,Ov=/&/g,kv=/\//g,Av=/=/g,jv=/\?/g,Mv=/\+/g,Nv=/%5B/g,Pv=/%5D/g,Fv=/%5E/g,Iv=/%60/g,Lv=/%7B/g,Rv=/%7C/g,zv=/%7D/g,Bv=/%20/g;function Vv(e){return e==null?``:encodeURI(``+e).replace(Rv,`|`).replace(Nv,`[`).replace(Pv,`]`)}function Hv(e){return Vv(e).replace(Lv,`{`).replace(zv,`}`).replace(Fv,`^`)}function Uv(e){return Vv(e).replace(Mv,`%2B`).replace(Bv,`+`).replace(Dv,`%23`).replace(Ov,`%26`).replace(Iv,"`").replace(Lv,`{`).replace(zv,`}`).replace(Fv,`^`)}function Wv(e){return Uv(e).replace(Av,`%3D`)}function Gv(e){return Vv(e).replace(Dv,`%23`).replace(jv,`%3F`)}function Kv(e){return Gv(e).replace(kv,`%2F`)}function qv(e){if(e==null)return null;try{return decodeURIComponent(``+e)}catch{}return``+e}var Jv=/\/$/,Yv=e=>e.replace(Jv,``);function Xv(e,t,n=`/`){let r,i={},a=``,o=``,s=t.indexOf(`#`),c=t.indexOf(`?`);return c=s>=0&&c>s?-1:c,c>=0&&(r=t.slice(0,c),a=t.slice(c,s>0?s:t.length),i=e(a.slice(1))),s>=0&&(r||=t.slice(0,s),o=t.slice(s,t.length)),r=iy(r??t,n),{fullPath:r+a+o,path:r,query:i,hash:qv(o)}}function Zv(e,t){let n=t.query?e(t.query):``;return t.path+(n&&`?`)+n+(t.hash||``)}function Qv(e,t){return!t||!e.toLowerCase().startsWith(t.toLowerCase())?e:e.slice(t.length)||`/`}function $v(e,t,n){let r=t.matched.length-1,i=n.matched.length-1;return r>-1&&r===i&&ey(t.matched[r],n.matched[i])&&ty(t.params,n.params)&&e(t.query)===e(n.query)&&t.hash===n.hash}function ey(e,t){return(e.aliasOf||e)===(t.aliasOf||t)}function ty(e,t){if(Object.keys(e).length!==Object.keys(t).length)return!1;for(var n in e)if(!ny(e[n],t[n]))return!1;return!0}function ny(e,t){return Tv(e)?ry(e,t):Tv(t)?ry(t,e):e?.valueOf()===t?.valueOf()}function ry(e,t){return Tv(t)?e.length===t.length&&e.every((e,n)=>e===t[n]):e.length===1&&e[0]===t}function iy(e,t){if(e.startsWith(`/`))return e;if(!e)return t;let n=t.split(`/`),r=e.split(`/`),i=r[r.length-1];(i===`..`||i===`.`)&&r.push(``);let a=n.length-1,o,s;for(o=0;o<r.length;o++)if(s=r[o],s!==`.`){if(s===`..`)a>1&&a--;else break}return n.slice(0,a).join(`/`)+`/`+r.slice(o).join(`/`)}var ay={path:`/`,name:void 0,params:{},query:{},hash:``,fullPath:`/`,matched:[],meta:{},redirectedFrom:void 0},oy=function(e){return e.pop=`pop`,e.push=`push`,e}({}),sy=function(e){return e.back=`back`,e.forward=`forward`,e.unknown=``,e}({});function cy(e){if(!e){if(bv){let t=document.querySelector(`base`);e=t&&t.getAttribute(`href`)||`/`,e=e.replace(/^\w+:\/\/[^\/]+/,``)}else e=`/`}return e[0]!==`/`&&e[0]!==`#`&&(e=`/`+e),Yv(e)}var ly=/^[^#]+#/;function uy(e,t){return e.replace(ly,`#`)+t}function dy(e,t){let n=document.documentElement.getBoundingClientRect(),r=e.getBoundingClientRect();return{behavior:t.behavior,left:r.left-n.left-(t.left||0),top:r.top-n.top-(t.top||0)}}var fy=()=>({left:window.scrollX,top:window.scrollY});function py(e){let t;if(`el`in e){let n=e.el,r=typeof n==`string`&&n.startsWith(`#`),i=typeof n==`string`?r?document.getElementById(n.slice(1)):document.querySelector(n):n;if(!i)return;t=dy(i,e)}else t=e;`scrollBehavior`in document.documentElement.style?window.scrollTo(t):window.scrollTo(t.left==null?window.scrollX:t.left,t.top==null?window.scrollY:t.top)}function my(e,t){return(history.state?history.state.position-t:-1)+e}var hy=new Map;function gy(e,t){hy.set(e,t)}function _y(e){let t=hy.get(e);return hy.delete(e),t}function vy(e){return typeof e==`string`||e&&typeof e==`object`}function yy(e){return typeof e==`string`||typeof e==`symbol`}var by=function(e){return e[e.MATCHER_NOT_FOUND=1]=`MATCHER_NOT_FOUND`,e[e.NAVIGATION_GUARD_REDIRECT=2]=`NAVIGATION_GUARD_REDIRECT`,e[e.NAVIGATION_ABORTED=4]=`NAVIGATION_ABORTED`,e[e.NAVIGATION_CANCELLED=8]=`NAVIGATION_CANCELLED`,e[e.NAVIGATION_DUPLICATED=16]=`NAVIGATION_DUPLICATED`,e}({}),xy=Symbol(``);by.MATCHER_NOT_FOUND,by.NAVIGATION_GUARD_REDIRECT,by.NAVIGATION_ABORTED,by.NAVIGATION_CANCELLED,by.NAVIGATION_DUPLICATED;function Sy(e,t){return Z(Error(),{type:e,[xy]:!0},t)}function Cy(e,t){return e instanceof Error&&xy in e&&(t==null||!!(e.type&t))}function wy(e){let t={};if(e===``||e===`?`)return t;let n=(e[0]===`?`?e.slice(1):e).split(`&`);for(let e=0;e<n.length;++e){let r=n[e].replace(Mv,` `),i=r.indexOf(`=`),a=qv(i<0?r:r.slice(0,i)),o=i<0?null:qv(r.slice(i+1));if(a in t){let e=t[a];Tv(e)||(e=t[a]=[e]),e.push(o)}else t[a]=o}return t}function Ty(e){let t=``;for(let n in e){let r=e[n];n=Wv(n),r==null?r!==void 0&&(t+=(t.length?`&`:``)+n):(Tv(r)?r.map(e=>e&&Uv(e)):[r&&Uv(r)]).forEach(e=>{e!==void 0&&(t+=(t.length?`&`:``)+n,e!=null&&(t+=`=`+e))})}return t}function Ey(e){let t={};for(let n in e){let r=e[n];r!==void 0&&(t[n]=Tv(r)?r.map(e=>e==null?null:``+e):r==null?r:``+r)}return t}var Dy=Symbol(``),Oy=Symbol(``),ky=Symbol(``),Ay=Symbol(``),jy=Symbol(``);function My(){let e=[];function t(t){return e.push(t),()=>{let n=e.indexOf(t);n>-1&&e.splice(n,1)}}function n(){e=[]}return{add:t,list:()=>e.slice(),reset:n}}function Ny(e,t,n,r,i,a=e=>e()){let o=r&&(r.enterCallbacks[i]=r.enterCallbacks[i]||[]);return()=>new Promise((s,c)=>{let l=e=>{e===!1?c(Sy(by.NAVIGATION_ABORTED,{from:n,to:t})):e instanceof Error?c(e):vy(e)?c(Sy(by.NAVIGATION_GUARD_REDIRECT,{from:t,to:e})):(o&&r.enterCallbacks[i]===o&&typeof e==`function`&&o.push(e),s())},u=a(()=>e.call(r&&r.instances[i],t,n,l)),d=Promise.resolve(u);e.length<3&&(d=d.then(l)),d.catch(e=>c(e))})}function Py(e,t,n,r,i=e=>e()){let a=[];for(let o of e)for(let e in o.components){let s=o.components[e];if(t===`beforeRouteEnter`||o.instances[e]){if(xv(s)){let c=(s.__vccOpts||s)[t];c&&a.push(Ny(c,n,r,o,e,i))}else{let c=s();a.push(()=>c.then(a=>{if(!a)throw Error(`Couldn't resolve component "${e}" at "${o.path}"`);let s=Sv(a)?a.default:a;o.mods[e]=a,o.components[e]=s;let c=(s.__vccOpts||s)[t];return c&&Ny(c,n,r,o,e,i)()}))}}}return a}function Fy(e,t){let n=[],r=[],i=[],a=Math.max(t.matched.length,e.matched.length);for(let o=0;o<a;o++){let a=t.matched[o];a&&(e.matched.find(e=>ey(e,a))?r.push(a):n.push(a));let s=e.matched[o];s&&(t.matched.find(e=>ey(e,s))||i.push(s))}return[n,r,i]}var Iy=()=>location.protocol+`//`+location.host;function Ly(e,t){let{pathname:n,search:r,hash:i}=t,a=e.indexOf(`#`);if(a>-1){let t=i.includes(e.slice(a))?e.slice(a).length:1,n=i.slice(t);return n[0]!==`/`&&(n=`/`+n),Qv(n,``)}return Qv(n,e)+r+i}function Ry(e,t,n,r){let i=[],a=[],o=null,s=({state:a})=>{let s=Ly(e,location),c=n.value,l=t.value,u=0;if(a){if(n.value=s,t.value=a,o&&o===c){o=null;return}u=l?a.position-l.position:0}else r(s);i.forEach(e=>{e(n.value,c,{delta:u,type:oy.pop,direction:u?u>0?sy.forward:sy.back:sy.unknown})})};function c(){o=n.value}function l(e){i.push(e);let t=()=>{let t=i.indexOf(e);t>-1&&i.splice(t,1)};return a.push(t),t}function u(){if(document.visibilityState===`hidden`){let{history:e}=window;if(!e.state)return;e.replaceState(Z({},e.state,{scroll:fy()}),``)}}function d(){for(let e of a)e();a=[],window.removeEventListener(`popstate`,s),window.removeEventListener(`pagehide`,u),document.removeEventListener(`visibilitychange`,u)}return window.addEventListener(`popstate`,s),window.addEventListener(`pagehide`,u),document.addEventListener(`visibilitychange`,u),{pauseListeners:c,listen:l,destroy:d}}function zy(e,t,n,r=!1,i=!1){return{back:e,current:t,forward:n,replaced:r,position:window.history.length,scroll:i?fy():null}}function By(e){let{history:t,location:n}=window,r={value:Ly(e,n)},i={value:t.state};i.value||a(r.value,{back:null,current:r.value,forward:null,position:t.length-1,replaced:!0,scroll:null},!0);function a(r,a,o){let s=e.indexOf(`#`),c=s>-1?(n.host&&document.querySelector(`base`)?e:e.slice(s))+r:Iy()+e+r;try{t[o?`replaceState`:`pushState`](a,``,c),i.value=a}catch(e){console.error(e),n[o?`replace`:`assign`](c)}}function o(e,n){a(e,Z({},t.state,zy(i.value.back,e,i.value.forward,!0),n,{position:i.value.position}),!0),r.value=e}function s(e,n){let o=Z({},i.value,t.state,{forward:e,scroll:fy()});a(o.current,o,!0),a(e,Z({},zy(r.value,e,null),{position:o.position+1},n),!1),r.value=e}return{location:r,state:i,push:s,replace:o}}function Vy(e){e=cy(e);let t=By(e),n=Ry(e,t.state,t.location,t.replace);function r(e,t=!0){t||n.pauseListeners(),history.go(e)}let i=Z({location:``,base:e,go:r,createHref:uy.bind(null,e)},t,n);return Object.defineProperty(i,"location",{enumerable:!0,get:()=>t.location.value}),Object.defineProperty(i,"state",{enumerable:!0,get:()=>t.state.value}),i}var Hy=function(e){return e[e.Static=0]=`Static`,e[e.Param=1]=`Param`,e[e.Group=2]=`Group`,e}({}),Uy=function(e){return e[e.Static=0]=`Static`,e[e.Param=1]=`Param`,e[e.ParamRegExp=2]=`ParamRegExp`,e[e.ParamRegExpEnd=3]=`ParamRegExpEnd`,e[e.EscapeNext=4]=`EscapeNext`,e}(Uy||{}),Wy={type:Hy.Static,value:``},Gy=/[a-zA-Z0-9_]/;function Ky(e){if(!e)return[[]];if(e===`/`)return[[Wy]];if(!e.startsWith(`/`))throw Error(`Invalid path "${e}"`);function t(e){throw Error(`ERR (${n})/"${l}": ${e}`)}let n=Uy.Static,r=n,i=[],a;function o(){a&&i.push(a),a=[]}let s=0,c,l=``,u=``;function d(){l&&=(n===Uy.Static?a.push({type:Hy.Static,value:l}):n===Uy.Param||n===Uy.ParamRegExp||n===Uy.ParamRegExpEnd?(a.length>1&&(c===`*`||c===`+`)&&t(`A repeatable param (${l}) must be alone in its segment. eg: '/:ids+.`),a.push({type:Hy.Param,value:l,regexp:u,repeatable:c===`*`||c===`+`,optional:c===`*`||c===`?`})):t(`Invalid state to consume buffer`),``)}function f(){l+=c}for(;s<e.length;)if(c=e[s++],c===`\\`&&n!==Uy.ParamRegExp)r=n,n=Uy.EscapeNext;else switch(n){case Uy.Static:c===`/`?(l&&d(),o()):c===`:`?(d(),n=Uy.Param):f();break;case Uy.EscapeNext:f(),n=r;break;case Uy.Param:c===`(`?n=Uy.ParamRegExp:Gy.test(c)?f():(d(),n=Uy.Static,c!==`*`&&c!==`?`&&c!==`+`&&s--);break;case Uy.ParamRegExp:c===`)`?u[u.length-1]==`\\`?u=u.slice(0,-1)+c:n=Uy.ParamRegExpEnd:u+=c;break;case Uy.ParamRegExpEnd:d(),n=Uy.Static,c!==`*`&&c!==`?`&&c!==`+`&&s--,u=``;break;default:t(`Unknown state`)}return n===Uy.ParamRegExp&&t(`Unfinished custom RegExp for param "${l}"`),d(),o(),i}var qy=`[^/]+?`,Jy={sensitive:!1,strict:!1,start:!0,end:!0},Yy=function(e){return e[e._multiplier=10]=`_multiplier`,e[e.Root=90]=`Root`,e[e.Segment=40]=`Segment`,e[e.SubSegment=30]=`SubSegment`,e[e.Static=40]=`Static`,e[e.Dynamic=20]=`Dynamic`,e[e.BonusCustomRegExp=10]=`BonusCustomRegExp`,e[e.BonusWildcard=-50]=`BonusWildcard`,e[e.BonusRepeatable=-20]=`BonusRepeatable`,e[e.BonusOptional=-8]=`BonusOptional`,e[e.BonusStrict=.7000000000000001]=`BonusStrict`,e[e.BonusCaseSensitive=.25]=`BonusCaseSensitive`,e}(Yy||{}),Xy=/[.+*?^${}()[\]/\\|]/g;function Zy(e,t){let n=Z({},Jy,t),r=[],i=n.start?`^`:``,a=[],o=e.some(e=>e.some(e=>e.type===Hy.Param&&/\\[1-9k]/.test(e.regexp||``)));for(let t of e){let e=t.length?[]:[Yy.Root];n.strict&&!t.length&&(i+=`/`);for(let r=0;r<t.length;r++){let s=t[r],c=Yy.Segment+(n.sensitive?Yy.BonusCaseSensitive:0);if(s.type===Hy.Static)r||(i+=`/`),i+=s.value.replace(Xy,`\\$&`),c+=Yy.Static;else if(s.type===Hy.Param){let{value:e,repeatable:n,optional:l,regexp:u}=s;a.push({name:e,repeatable:n,optional:l});let d=u||qy;if(d!==qy){c+=Yy.BonusCustomRegExp;try{`${d}`}catch(t){throw Error(`Invalid custom RegExp for param "${e}" (${d}): `+t.message)}}let f=n?`((?:${d})(?:/(?:${d}))*)`:`(${d})`,p=t[r+1],m=t[r+2];o||u||n||!m||m.type!==Hy.Param||m.regexp||p.type!==Hy.Static||(f=`([^/](?:(?!${p.value.replace(Xy,`\\$&`)})[^/])*)`),r||(f=l&&t.length<2?`(?:/${f})`:`/`+f),l&&(f+=`?`),i+=f,c+=Yy.Dynamic,l&&(c+=Yy.BonusOptional),n&&(c+=Yy.BonusRepeatable),d===`.*`&&(c+=Yy.BonusWildcard)}e.push(c)}r.push(e)}if(n.strict&&n.end){let e=r.length-1;r[e][r[e].length-1]+=Yy.BonusStrict}n.strict||(i+=`/?`),n.end?i+=`$`:n.strict&&!i.endsWith(`/`)&&(i+=`(?:/|$)`);let s=new RegExp(i,n.sensitive?``:`i`);function c(e){let t=e.match(s),n={};if(!t)return null;for(let e=1;e<t.length;e++){let r=t[e]||``,i=a[e-1];n[i.name]=r&&i.repeatable?r.split(`/`):r}return n}function l(t){let n=``,r=!1;for(let i of e){r&&n.endsWith(`/`)||(n+=`/`),r=!1;for(let e of i)if(e.type===Hy.Static)n+=e.value;else if(e.type===Hy.Param){let{value:a,repeatable:o,optional:s}=e,c=a in t?t[a]:``;if(Tv(c)&&!o)throw Error(`Provided param "${a}" is an array but it is not repeatable (* or + modifiers)`);let l=Tv(c)?c.join(`/`):c;if(!l){if(s)i.length<2&&(n.endsWith(`/`)?n=n.slice(0,-1):r=!0);else throw Error(`Missing required param "${a}"`)}n+=l}}return n||`/`}return{re:s,score:r,keys:a,parse:c,stringify:l}}function Qy(e,t){let n=0;for(;n<e.length&&n<t.length;){let r=t[n]-e[n];if(r)return r;n++}return e.length<t.length?e.length===1&&e[0]===Yy.Static+Yy.Segment?-1:1:e.length>t.length?t.length===1&&t[0]===Yy.Static+Yy.Segment?1:-1:0}function $y(e,t){let n=0,r=e.score,i=t.score;for(;n<r.length&&n<i.length;){let e=Qy(r[n],i[n]);if(e)return e;n++}if(Math.abs(i.length-r.length)===1){if(e2(r))return 1;if(e2(i))return-1}return i.length-r.length}function e2(e){let t=e[e.length-1];return e.length>0&&t[t.length-1]<0}var t2={strict:!1,end:!0,sensitive:!1};function n2(e,t,n){let r=Z(Zy(Ky(e.path),n),{record:e,parent:t,children:[],alias:[]});return t&&!r.record.aliasOf==!t.record.aliasOf&&t.children.push(r),r}function r2(e,t){let n=[],r=new Map;t=Ev(t2,t);function i(e){return r.get(e)}function a(e,n,r){let i=!r,s=a2(e);s.aliasOf=r&&r.record;let l=Ev(t,e),u=[s];if(`alias`in e){let t=typeof e.alias==`string`?[e.alias]:e.alias;for(let e of t)u.push(a2(Z({},s,{components:r?r.record.components:s.components,path:e,aliasOf:r?r.record:s})))}let d,f;for(let t of u){let{path:u}=t;if(n&&u[0]!==`/`){let e=n.record.path,r=e[e.length-1]===`/`?``:`/`;t.path=n.record.path+(u&&r+u)}if(d=n2(t,n,l),r?r.alias.push(d):(f||=d,f!==d&&f.alias.push(d),i&&e.name&&!s2(d)&&o(e.name)),d2(d)&&c(d),s.children){let e=s.children;for(let t=0;t<e.length;t++)a(e[t],d,r&&r.children[t])}r||=d}return f?()=>{o(f)}:wv}function o(e){if(yy(e)){let t=r.get(e);t&&(r.delete(e),n.splice(n.indexOf(t),1),t.children.forEach(o),t.alias.forEach(o))}else{let t=n.indexOf(e);t>-1&&(n.splice(t,1),e.record.name&&r.delete(e.record.name),e.children.forEach(o),e.alias.forEach(o))}}function s(){return n}function c(e){let t=l2(e,n);n.splice(t,0,e),e.record.name&&!s2(e)&&r.set(e.record.name,e)}function l(e,t){let i,a={},o,s;if(`name`in e&&e.name){if(i=r.get(e.name),!i)throw Sy(by.MATCHER_NOT_FOUND,{location:e});s=i.record.name,a=Z(i2(t.params,i.keys.filter(e=>!e.optional).concat(i.parent?i.parent.keys.filter(e=>e.optional):[]).map(e=>e.name)),e.params&&i2(e.params,i.keys.map(e=>e.name))),o=i.stringify(a)}else if(e.path!=null)o=e.path,i=n.find(e=>e.re.test(o)),i&&(a=i.parse(o),s=i.record.name);else{if(i=t.name?r.get(t.name):n.find(e=>e.re.test(t.path)),!i)throw Sy(by.MATCHER_NOT_FOUND,{location:e,currentLocation:t});s=i.record.name,a=Z({},t.params,e.params),o=i.stringify(a)}let c=[],l=i;for(;l;)c.unshift(l.record),l=l.parent;return{name:s,path:o,params:a,matched:c,meta:c2(c)}}e.forEach(e=>a(e));function u(){n.length=0,r.clear()}return{addRoute:a,resolve:l,removeRoute:o,clearRoutes:u,getRoutes:s,getRecordMatcher:i}}function i2(e,t){let n={};for(let r of t)r in e&&(n[r]=e[r]);return n}function a2(e){let t={path:e.path,redirect:e.redirect,name:e.name,meta:e.meta||{},aliasOf:e.aliasOf,beforeEnter:e.beforeEnter,props:o2(e),children:e.children||[],instances:{},leaveGuards:new Set,updateGuards:new Set,enterCallbacks:{},components:`components`in e?e.components||null:e.component&&{default:e.component}};return Object.defineProperty(t,"mods",{value:{}}),t}function o2(e){let t={},n=e.props||!1;if(`component`in e)t.default=n;else for(let r in e.components)t[r]=typeof n==`object`?n[r]:n;return t}function s2(e){for(;e;){if(e.record.aliasOf)return!0;e=e.parent}return!1}function c2(e){return e.reduce((e,t)=>Z(e,t.meta),{})}function l2(e,t){let n=0,r=t.length;for(;n!==r;){let i=n+r>>1;$y(e,t[i])<0?r=i:n=i+1}let i=u2(e);return i&&(r=t.lastIndexOf(i,r-1)),r}function u2(e){let t=e;for(;t=t.parent;)if(d2(t)&&$y(e,t)===0)return t}function d2({record:e}){return!!(e.name||e.components&&Object.keys(e.components).length||e.redirect)}function f2(e){let t=L(ky),n=L(Ay),r=V(()=>{let n=hn(e.to);return t.resolve(n)}),i=V(()=>{let{matched:e}=r.value,{length:t}=e,i=e[t-1],a=n.matched;if(!i||!a.length)return-1;let o=a.findIndex(ey.bind(null,i));if(o>-1)return o;let s=_2(e[t-2]);return t>1&&_2(i)===s&&a[a.length-1].path!==s?a.findIndex(ey.bind(null,e[t-2])):o}),a=V(()=>i.value>-1&&g2(n.params,r.value.params)),o=V(()=>i.value>-1&&i.value===n.matched.length-1&&ty(n.params,r.value.params));function s(n={}){if(h2(n)){let n=t[hn(e.replace)?`replace`:`push`](hn(e.to)).catch(wv);return e.viewTransition&&typeof document<`u`&&`startViewTransition`in document&&document.startViewTransition(()=>n),n}return Promise.resolve()}return{route:r,href:V(()=>r.value.href),isActive:a,isExactActive:o,navigate:s}}function p2(e){return e.length===1?e[0]:e}var m2=li({name:`RouterLink`,compatConfig:{MODE:3},props:{to:{type:[String,Object],required:!0},replace:Boolean,activeClass:String,exactActiveClass:String,custom:Boolean,ariaCurrentValue:{type:String,default:`page`},viewTransition:Boolean},useLink:f2,setup(e,{slots:t}){let n=Zt(f2(e)),{options:r}=L(ky),i=V(()=>({[v2(e.activeClass,r.linkActiveClass,`router-link-active`)]:n.isActive,[v2(e.exactActiveClass,r.linkExactActiveClass,`router-link-exact-active`)]:n.isExactActive}));return()=>{let r=t.default&&p2(t.default(n));return e.custom?r:_c(`a`,{"aria-current":n.isExactActive?e.ariaCurrentValue:null,href:n.href,onClick:n.navigate,class:i.value},r)}}});function h2(e){if(!(e.metaKey||e.altKey||e.ctrlKey||e.shiftKey)&&!e.defaultPrevented&&(e.button===void 0||e.button===0)){if(e.currentTarget&&e.currentTarget.getAttribute){let t=e.currentTarget.getAttribute(`target`);if(/\b_blank\b/i.test(t))return}return e.preventDefault&&e.preventDefault(),!0}}function g2(e,t){for(let n in t){let r=t[n],i=e[n];if(typeof r==`string`){if(r!==i)return!1}else if(!Tv(i)||i.length!==r.length||r.some((e,t)=>e.valueOf()!==i[t].valueOf()))return!1}return!0}function _2(e){return e?e.aliasOf?e.aliasOf.path:e.path:``}var v2=(e,t,n)=>e??t??n,y2=li({name:`RouterView`,inheritAttrs:!1,props:{name:{type:String,default:`default`},route:Object},compatConfig:{MODE:3},setup(e,{attrs:t,slots:n}){let r=L(jy),i=V(()=>e.route||r.value),a=L(Oy,0),o=V(()=>{let e=hn(a),{matched:t}=i.value,n;for(;(n=t[e])&&!n.components;)e++;return e}),s=V(()=>i.value.matched[o.value]);Cr(Oy,V(()=>o.value+1)),Cr(Dy,s),Cr(jy,i);let c=un();return Ar(()=>[c.value,s.value,e.name],([e,t,n],[r,i,a])=>{t&&(t.instances[n]=e,i&&i!==t&&e&&e===r&&(t.leaveGuards.size||(t.leaveGuards=i.leaveGuards),t.updateGuards.size||(t.updateGuards=i.updateGuards))),!e||!t||i&&ey(t,i)&&r||(t.enterCallbacks[n]||[]).forEach(t=>t(e))},{flush:`post`}),()=>{let r=i.value,a=e.name,o=s.value,l=o&&o.components[a];if(!l)return b2(n.default,{Component:l,route:r});let u=o.props[a],d=_c(l,Z({},u?u===!0?r.params:typeof u==`function`?u(r):u:null,t,{onVnodeUnmounted:e=>{e.component.isUnmounted&&(o.instances[a]=null)},ref:c}));return b2(n.default,{Component:d,route:r})||d}}});function b2(e,t){if(!e)return null;let n=e(t);return n.length===1?n[0]:n}var x2=y2;function S2(e){let t=r2(e.routes,e),n=e.parseQuery||wy,r=e.stringifyQuery||Ty,i=e.history,a=My(),o=My(),s=My(),c=dn(ay),l=ay;bv&&e.scrollBehavior&&`scrollRestoration`in history&&(history.scrollRestoration=`manual`);let u=Cv.bind(null,e=>``+e),d=Cv.bind(null,Kv),f=Cv.bind(null,qv);function p(e,n){let r,i;return yy(e)?(r=t.getRecordMatcher(e),i=n):i=e,t.addRoute(i,r)}function m(e){let n=t.getRecordMatcher(e);n&&t.removeRoute(n)}function h(){return t.getRoutes().map(e=>e.record)}function g(e){return!!t.getRecordMatcher(e)}function _(e,a){if(a=Z({},a||c.value),typeof e==`string`){let r=Xv(n,e,a.path),o=t.resolve({path:r.path},a),s=i.createHref(r.fullPath);return Z(r,o,{params:f(o.params),hash:qv(r.hash),redirectedFrom:void 0,href:s})}let o;if(e.path!=null)o=Z({},e,{path:Xv(n,e.path,a.path).path});else{let t=Z({},e.params);for(let e in t)t[e]??delete t[e];o=Z({},e,{params:d(t)}),a.params=d(a.params)}let s=t.resolve(o,a),l=e.hash||``;s.params=u(f(s.params));let p=Zv(r,Z({},e,{hash:Hv(l),path:s.path})),m=i.createHref(p);return Z({fullPath:p,hash:l,query:r===Ty?Ey(e.query):e.query||{}},s,{redirectedFrom:void 0,href:m})}function v(e){return typeof e==`string`?Xv(n,e,c.value.path):Z({},e)}function y(e,t){if(l!==e)return Sy(by.NAVIGATION_CANCELLED,{from:t,to:e})}function b(e){return C(e)}function x(e){return b(Z(v(e),{replace:!0}))}function S(e,t){let n=e.matched[e.matched.length-1];if(n&&n.redirect){let{redirect:r}=n,i=typeof r==`function`?r(e,t):r;return typeof i==`string`&&(i=i.includes(`?`)||i.includes(`#`)?i=v(i):{path:i},i.params={}),Z({query:e.query,hash:e.hash,params:i.path==null?e.params:{}},i)}}function C(e,t){let n=l=_(e),i=c.value,a=e.state,o=e.force,s=e.replace===!0,u=S(n,i);if(u)return C(Z(v(u),{state:typeof u==`object`?Z({},a,u.state):a,force:o,replace:s}),t||n);let d=n;d.redirectedFrom=t;let f;return!o&&$v(r,i,n)&&(f=Sy(by.NAVIGATION_DUPLICATED,{to:d,from:i}),M(i,i,!0,!1)),(f?Promise.resolve(f):E(d,i)).catch(e=>Cy(e)?Cy(e,by.NAVIGATION_GUARD_REDIRECT)?e:ie(e):A(e,d,i)).then(e=>{if(e){if(Cy(e,by.NAVIGATION_GUARD_REDIRECT))return C(Z({replace:s},v(e.to),{state:typeof e.to==`object`?Z({},a,e.to.state):a,force:o}),t||d)}else e=O(d,i,!0,s,a);return D(d,i,e),e})}function w(e,t){let n=y(e,t);return n?Promise.reject(n):Promise.resolve()}function T(e){let t=se.values().next().value;return t&&typeof t.runWithContext==`function`?t.runWithContext(e):e()}function E(e,t){let n,[r,i,s]=Fy(e,t);n=Py(r.reverse(),`beforeRouteLeave`,e,t);for(let i of r)i.leaveGuards.forEach(r=>{n.push(Ny(r,e,t))});let c=w.bind(null,e,t);return n.push(c),le(n).then(()=>{n=[];for(let r of a.list())n.push(Ny(r,e,t));return n.push(c),le(n)}).then(()=>{n=Py(i,`beforeRouteUpdate`,e,t);for(let r of i)r.updateGuards.forEach(r=>{n.push(Ny(r,e,t))});return n.push(c),le(n)}).then(()=>{n=[];for(let r of s)if(r.beforeEnter){if(Tv(r.beforeEnter))for(let i of r.beforeEnter)n.push(Ny(i,e,t));else n.push(Ny(r.beforeEnter,e,t))}return n.push(c),le(n)}).then(()=>(e.matched.forEach(e=>e.enterCallbacks={}),n=Py(s,`beforeRouteEnter`,e,t,T),n.push(c),le(n))).then(()=>{n=[];for(let r of o.list())n.push(Ny(r,e,t));return n.push(c),le(n)}).catch(e=>Cy(e,by.NAVIGATION_CANCELLED)?e:Promise.reject(e))}function D(e,t,n){s.list().forEach(r=>T(()=>r(e,t,n)))}function O(e,t,n,r,a){let o=y(e,t);if(o)return o;let s=t===ay,l=bv?history.state:{};n&&(r||s?i.replace(e.fullPath,Z({scroll:s&&l&&l.scroll},a)):i.push(e.fullPath,a)),c.value=e,M(e,t,n,s),ie()}let ee;function te(){ee||=i.listen((e,t,n)=>{if(!ce.listening)return;let r=_(e),a=S(r,ce.currentRoute.value);if(a){C(Z(a,{replace:!0,force:!0}),r).catch(wv);return}l=r;let o=c.value;bv&&gy(my(o.fullPath,n.delta),fy()),E(r,o).catch(e=>Cy(e,by.NAVIGATION_ABORTED|by.NAVIGATION_CANCELLED)?e:Cy(e,by.NAVIGATION_GUARD_REDIRECT)?(C(Z(v(e.to),{force:!0}),r).then(e=>{Cy(e,by.NAVIGATION_ABORTED|by.NAVIGATION_DUPLICATED)&&!n.delta&&n.type===oy.pop&&i.go(-1,!1)}).catch(wv),Promise.reject()):(n.delta&&i.go(-n.delta,!1),A(e,r,o))).then(e=>{e||=O(r,o,!1),e&&(n.delta&&!Cy(e,by.NAVIGATION_CANCELLED)?i.go(-n.delta,!1):n.type===oy.pop&&Cy(e,by.NAVIGATION_ABORTED|by.NAVIGATION_DUPLICATED)&&i.go(-1,!1)),D(r,o,e)}).catch(wv)})}let ne=My(),k=My(),re;function A(e,t,n){ie(e);let r=k.list();return r.length?r.forEach(r=>r(e,t,n)):console.error(e),Promise.reject(e)}function j(){return re&&c.value!==ay?Promise.resolve():new Promise((e,t)=>{ne.add([e,t])})}function ie(e){return re||(re=!e,te(),ne.list().forEach(([t,n])=>e?n(e):t()),ne.reset()),e}function M(t,n,r,i){let{scrollBehavior:a}=e;if(!bv||!a)return Promise.resolve();let o=!r&&_y(my(t.fullPath,0))||(i||!r)&&history.state&&history.state.scroll||null;return er().then(()=>a(t,n,o)).then(e=>e&&py(e)).catch(e=>A(e,t,n))}let ae=e=>i.go(e),oe,se=new Set,ce={currentRoute:c,listening:!0,addRoute:p,removeRoute:m,clearRoutes:t.clearRoutes,hasRoute:g,getRoutes:h,resolve:_,options:e,push:b,replace:x,go:ae,back:()=>ae(-1),forward:()=>ae(1),beforeEach:a.add,beforeResolve:o.add,afterEach:s.add,onError:k.add,isReady:j,install(e){e.component(`RouterLink`,m2),e.component(`RouterView`,x2),e.config.globalProperties.$router=ce,Object.defineProperty(e.config.globalProperties,"$route",{enumerable:!0,get:()=>hn(c)}),bv&&!oe&&c.value===ay&&(oe=!0,b(i.location).catch(e=>{}));let t={};for(let e in ay)Object.defineProperty(t,e,{get:()=>c.value[e],enumerable:!0});e.provide(ky,ce),e.provide(Ay,Qt(t)),e.provide(jy,c);let n=e.unmount;se.add(e),e.unmount=function(){se.delete(e),se.size<1&&(l=ay,ee&&ee(),ee=null,c.value=ay,oe=!1,re=!1),n()}}};function le(e){return e.reduce((e,t)=>e.then(()=>T(t)),Promise.resolve())}return ce}function C2(){return L(ky)}function w2(e){return L(Ay)}var T2=`paycenter.session`;function E2(){try{let e=sessionStorage.getItem(T2);if(!e)return null;let t=JSON.parse(e);if(typeof t.token!=`string`||typeof t.expiresAt!=`string`||typeof t.username!=`string`)return null;let n={token:t.token,expiresAt:t.expiresAt,username:t.username};return j2(n)?null:n}catch{return null}}var D2=Zt({session:E2()}),O2,k2=new Set,A2=$t(D2);function j2(e,t=Date.now()){let n=Date.parse(e.expiresAt);return Number.isNaN(n)||n<=t}function M2(){let e=D2.session;return e?j2(e)?(P2(`expired`),null):e.token:null}function N2(e){D2.session=e,sessionStorage.setItem(T2,JSON.stringify(e)),I2()}function P2(e){let t=D2.session!==null;if(D2.session=null,sessionStorage.removeItem(T2),clearTimeout(O2),t||e===`unauthenticated`)for(let t of k2)t(e)}function F2(e){return k2.add(e),()=>k2.delete(e)}function I2(){clearTimeout(O2);let e=D2.session;if(!e)return;let t=Date.parse(e.expiresAt)-Date.now();O2=setTimeout(()=>t>2**31-1?I2():P2(`expired`),Math.max(0,Math.min(t,2**31-1)))}I2();var L2=class extends Error{code;field;providerCode;errors;constructor(e){let t=e[0];super(t?.message??`request failed`),this.name=`ApiError`,this.errors=e,this.code=t?.extensions?.code??`INTERNAL`,this.field=t?.extensions?.field,this.providerCode=t?.extensions?.providerCode}},R2=`/graphql`;function z2(e){return e.some(e=>e.extensions?.code===`UNAUTHENTICATED`)}async function B2(e,...[t]){let n=M2(),r={"content-type":`application/json`,accept:`application/graphql-response+json, application/json`};n&&(r.authorization=`Bearer ${n}`);let i;try{i=await fetch(R2,{method:`POST`,headers:r,body:JSON.stringify({query:e.toString(),variables:t??{}}),credentials:`omit`})}catch(e){throw new L2([{message:String(e),extensions:{code:`NETWORK`}}])}let a;try{a=await i.json()}catch{throw new L2([{message:`HTTP ${i.status}`,extensions:{code:`NETWORK`}}])}if(a.errors?.length)throw n&&z2(a.errors)&&P2(`unauthenticated`),new L2(a.errors);if(!a.data)throw new L2([{message:`HTTP ${i.status}: no data`,extensions:{code:`NETWORK`}}]);return a.data}var V2=null,H2=un(0),U2=un(!1);function W2(){let e=new URL(R2,window.location.href);return e.protocol=e.protocol===`https:`?`wss:`:`ws:`,e.toString()}function G2(){return V2||=t({url:W2(),lazy:!0,retryAttempts:1/0,shouldRetry:()=>M2()!==null,connectionParams:()=>{let e=M2();return e?{token:e}:{}},on:{connected:()=>{U2.value=!0,H2.value+=1},closed:e=>{U2.value=!1;let{code:t,reason:n}=e??{};(t===4401||t===4403||t===1002&&n?.includes(`UNAUTHENTICATED`))&&P2(`unauthenticated`)}}}),V2}function K2(e,t,n,r){return{unsubscribe:G2().subscribe({query:e.toString(),variables:t},{next:e=>{if(e.errors?.length){let t=e.errors;z2(t)&&P2(`unauthenticated`),r?.(new L2(t))}else e.data&&n(e.data)},error:e=>{Array.isArray(e)?r?.(new L2(e)):r?.(new L2([{message:String(e),extensions:{code:`NETWORK`}}]))},complete:()=>{}})}}F2(()=>{let e=V2;V2=null,U2.value=!1,e?.dispose()});var Q=class extends String{__apiType;value;__meta__;constructor(e,t){super(e),this.value=e,this.__meta__=t}toString(){return this.value}},q2=new Q(`
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}
    `,{fragmentName:`ProjectFields`}),J2=new Q(`
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
    `,{fragmentName:`OrderRow`}),Y2=new Q(`
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
}`,{fragmentName:`OrderDetail`}),X2=new Q(`
    fragment StatsFiguresFields on StatsFigures {
  createdCount
  createdPaidCount
  successRate
  paidCount
  paidAmount
  refundCount
  refundedAmount
  netAmount
}
    `,{fragmentName:`StatsFiguresFields`}),Z2=new Q(`
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}
    `,{fragmentName:`AdminFields`}),Q2=new Q(`
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}
    `,{fragmentName:`ReconciliationReportFields`}),$2=new Q(`
    fragment DiscrepancyFields on Discrepancy {
  id
  reportId
  projectId
  provider
  date
  kind
  status
  orderId
  orderNo
  refundId
  refundNo
  providerTradeNo
  providerRefundNo
  amount
  billAmount
  billLine
  detail
  healedAt
  resolvedBy
  resolutionNote
  resolvedAt
  createdAt
  updatedAt
}
    `,{fragmentName:`DiscrepancyFields`}),e4={"\n  mutation AdminLogin($username: String!, $password: String!) {\n    adminLogin(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n":new Q(`
    mutation AdminLogin($username: String!, $password: String!) {
  adminLogin(username: $username, password: $password) {
    token
    expiresAt
  }
}
    `),"\n  query Me {\n    me {\n      kind\n      adminId\n      username\n      role\n    }\n  }\n":new Q(`
    query Me {
  me {
    kind
    adminId
    username
    role
  }
}
    `),"\n  query ServerInfo {\n    serverInfo {\n      sandbox\n      version\n    }\n  }\n":new Q(`
    query ServerInfo {
  serverInfo {
    sandbox
    version
  }
}
    `),"\n  fragment ProjectFields on Project {\n    id\n    name\n    disabled\n    callbackUrl\n    orderTtlSeconds\n    trustClientAmount\n    apiKeyPrefix\n    createdAt\n    updatedAt\n    wechat {\n      apiVersion\n      appId\n      mchId\n      hasApiKey\n      hasAppSecret\n      merchantSerialNo\n      hasMerchantPrivateKey\n      hasApiV3Key\n      wechatPayPublicKeyId\n      hasWechatPayPublicKey\n      platformCertificates {\n        serialNo\n        expiresAt\n      }\n    }\n    alipay {\n      appId\n      hasAppPrivateKey\n      hasAlipayPublicKey\n    }\n  }\n":q2,"\n  query Projects($first: Int, $after: String) {\n    projects(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...ProjectFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`),"\n  fragment OrderRow on Order {\n    id\n    projectId\n    orderNo\n    amount\n    paidAmount\n    refundedAmount\n    subject\n    channel\n    state\n    providerTradeNo\n    payer\n    attach\n    flagged\n    flagReason\n    callbackDelivered\n    createdAt\n    expiresAt\n    paidAt\n    closedAt\n  }\n":J2,"\n  query Orders($filter: OrderFilter, $first: Int, $after: String, $withTotal: Boolean = false) {\n    orders(filter: $filter, first: $first, after: $after) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...OrderRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query Orders($filter: OrderFilter, $first: Int, $after: String, $withTotal: Boolean = false) {
  orders(filter: $filter, first: $first, after: $after) {
    totalCount @include(if: $withTotal)
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
}`),"\n  fragment OrderDetail on Order {\n    ...OrderRow\n    events {\n      id\n      kind\n      fromState\n      toState\n      detail\n      createdAt\n    }\n    refunds {\n      id\n      refundNo\n      amount\n      reason\n      state\n      providerRefundNo\n      failureReason\n      createdAt\n      succeededAt\n    }\n    callbackAttempts {\n      eventId\n      attempt\n      acknowledged\n      httpStatus\n      latencyMs\n      error\n      responseExcerpt\n      createdAt\n    }\n  }\n":Y2,"\n  query Order($id: ID!, $refresh: Boolean) {\n    order(id: $id, refresh: $refresh) {\n      ...OrderDetail\n    }\n  }\n":new Q(`
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
}`),"\n  mutation SendTestCallback($projectId: ID!) {\n    sendTestCallback(projectId: $projectId) {\n      eventId\n      url\n      acknowledged\n      httpStatus\n      latencyMs\n      responseExcerpt\n      error\n    }\n  }\n":new Q(`
    mutation SendTestCallback($projectId: ID!) {
  sendTestCallback(projectId: $projectId) {
    eventId
    url
    acknowledged
    httpStatus
    latencyMs
    responseExcerpt
    error
  }
}
    `),"\n  fragment StatsFiguresFields on StatsFigures {\n    createdCount\n    createdPaidCount\n    successRate\n    paidCount\n    paidAmount\n    refundCount\n    refundedAmount\n    netAmount\n  }\n":X2,"\n  query Stats($projectId: ID, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) {\n    stats(projectId: $projectId, from: $from, to: $to, bucket: $bucket) {\n      from\n      to\n      bucket\n      totals {\n        ...StatsFiguresFields\n      }\n      byChannel {\n        channel\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      byProject {\n        projectId\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      series {\n        start\n        end\n        figures {\n          paidCount\n          paidAmount\n          refundedAmount\n          createdCount\n          successRate\n        }\n        byChannel {\n          channel\n          figures {\n            paidAmount\n          }\n        }\n      }\n    }\n  }\n":new Q(`
    query Stats($projectId: ID, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) {
  stats(projectId: $projectId, from: $from, to: $to, bucket: $bucket) {
    from
    to
    bucket
    totals {
      ...StatsFiguresFields
    }
    byChannel {
      channel
      figures {
        ...StatsFiguresFields
      }
    }
    byProject {
      projectId
      figures {
        ...StatsFiguresFields
      }
    }
    series {
      start
      end
      figures {
        paidCount
        paidAmount
        refundedAmount
        createdCount
        successRate
      }
      byChannel {
        channel
        figures {
          paidAmount
        }
      }
    }
  }
}
    fragment StatsFiguresFields on StatsFigures {
  createdCount
  createdPaidCount
  successRate
  paidCount
  paidAmount
  refundCount
  refundedAmount
  netAmount
}`),"\n  query Refunds($filter: RefundFilter, $first: Int, $after: String) {\n    refunds(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          refundNo\n          amount\n          reason\n          state\n          providerRefundNo\n          failureReason\n          createdAt\n          succeededAt\n          order {\n            orderNo\n            channel\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query Refunds($filter: RefundFilter, $first: Int, $after: String) {
  refunds(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        orderId
        projectId
        refundNo
        amount
        reason
        state
        providerRefundNo
        failureReason
        createdAt
        succeededAt
        order {
          orderNo
          channel
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `),"\n  query CallbackEvents($filter: CallbackEventFilter, $first: Int, $after: String) {\n    callbackEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          type\n          payload\n          createdAt\n          deliveredAt\n          failedAt\n          order {\n            orderNo\n          }\n          attempts {\n            attempt\n            httpStatus\n            acknowledged\n            latencyMs\n            error\n            responseExcerpt\n            createdAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query CallbackEvents($filter: CallbackEventFilter, $first: Int, $after: String) {
  callbackEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        orderId
        projectId
        type
        payload
        createdAt
        deliveredAt
        failedAt
        order {
          orderNo
        }
        attempts {
          attempt
          httpStatus
          acknowledged
          latencyMs
          error
          responseExcerpt
          createdAt
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `),"\n  fragment AdminFields on Admin {\n    id\n    username\n    role\n    disabled\n    passwordChangedAt\n    createdAt\n    updatedAt\n  }\n":Z2,"\n  query Admins($first: Int, $after: String) {\n    admins(first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...AdminFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query Admins($first: Int, $after: String) {
  admins(first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...AdminFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`),"\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      ...AdminFields\n    }\n  }\n":new Q(`
    mutation CreateAdmin($input: CreateAdminInput!) {
  createAdmin(input: $input) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`),"\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      ...AdminFields\n    }\n  }\n":new Q(`
    mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {
  updateAdmin(id: $id, input: $input) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`),"\n  mutation DisableAdmin($id: ID!) {\n    disableAdmin(id: $id) {\n      ...AdminFields\n    }\n  }\n":new Q(`
    mutation DisableAdmin($id: ID!) {
  disableAdmin(id: $id) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`),"\n  mutation SetAdminPassword($id: ID!, $password: String!) {\n    setAdminPassword(id: $id, password: $password) {\n      ...AdminFields\n    }\n  }\n":new Q(`
    mutation SetAdminPassword($id: ID!, $password: String!) {
  setAdminPassword(id: $id, password: $password) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`),"\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n":new Q(`
    mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
    token
    expiresAt
  }
}
    `),"\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          actorKind\n          actorId\n          actorName\n          action\n          targetType\n          targetId\n          projectId\n          detail\n          clientIp\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        actorKind
        actorId
        actorName
        action
        targetType
        targetId
        projectId
        detail
        clientIp
        createdAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `),"\n  fragment ReconciliationReportFields on ReconciliationReport {\n    id\n    projectId\n    provider\n    date\n    status\n    attempts\n    lastError\n    nextAttemptAt\n    billPayments\n    billPaidAmount\n    billSettlementAmount\n    billRefunds\n    billRefundedAmount\n    billFee\n    payments\n    paidAmount\n    refunds\n    refundedAmount\n    discrepancyCount\n    openDiscrepancyCount\n    healedDiscrepancyCount\n    createdAt\n    startedAt\n    finishedAt\n  }\n":Q2,"\n  query ReconciliationReports($filter: ReconciliationReportFilter, $first: Int, $after: String) {\n    reconciliationReports(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...ReconciliationReportFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query ReconciliationReports($filter: ReconciliationReportFilter, $first: Int, $after: String) {
  reconciliationReports(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...ReconciliationReportFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}`),"\n  query ReconciliationReport($id: ID!) {\n    reconciliationReport(id: $id) {\n      ...ReconciliationReportFields\n    }\n  }\n":new Q(`
    query ReconciliationReport($id: ID!) {
  reconciliationReport(id: $id) {
    ...ReconciliationReportFields
  }
}
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}`),"\n  fragment DiscrepancyFields on Discrepancy {\n    id\n    reportId\n    projectId\n    provider\n    date\n    kind\n    status\n    orderId\n    orderNo\n    refundId\n    refundNo\n    providerTradeNo\n    providerRefundNo\n    amount\n    billAmount\n    billLine\n    detail\n    healedAt\n    resolvedBy\n    resolutionNote\n    resolvedAt\n    createdAt\n    updatedAt\n  }\n":$2,"\n  query Discrepancies($filter: DiscrepancyFilter, $first: Int, $after: String) {\n    discrepancies(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...DiscrepancyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n":new Q(`
    query Discrepancies($filter: DiscrepancyFilter, $first: Int, $after: String) {
  discrepancies(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...DiscrepancyFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment DiscrepancyFields on Discrepancy {
  id
  reportId
  projectId
  provider
  date
  kind
  status
  orderId
  orderNo
  refundId
  refundNo
  providerTradeNo
  providerRefundNo
  amount
  billAmount
  billLine
  detail
  healedAt
  resolvedBy
  resolutionNote
  resolvedAt
  createdAt
  updatedAt
}`),"\n  mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {\n    reconcile(projectId: $projectId, date: $date, provider: $provider) {\n      ...ReconciliationReportFields\n    }\n  }\n":new Q(`
    mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {
  reconcile(projectId: $projectId, date: $date, provider: $provider) {
    ...ReconciliationReportFields
  }
}
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}`),"\n  mutation ResolveDiscrepancy($id: ID!, $note: String!) {\n    resolveDiscrepancy(id: $id, note: $note) {\n      ...DiscrepancyFields\n    }\n  }\n":new Q(`
    mutation ResolveDiscrepancy($id: ID!, $note: String!) {
  resolveDiscrepancy(id: $id, note: $note) {
    ...DiscrepancyFields
  }
}
    fragment DiscrepancyFields on Discrepancy {
  id
  reportId
  projectId
  provider
  date
  kind
  status
  orderId
  orderNo
  refundId
  refundNo
  providerTradeNo
  providerRefundNo
  amount
  billAmount
  billLine
  detail
  healedAt
  resolvedBy
  resolutionNote
  resolvedAt
  createdAt
  updatedAt
}`),"\n  query CheckoutOrder($id: ID!) {\n    order(id: $id) {\n      id\n      orderNo\n      projectName\n      subject\n      amountYuan\n      channel\n      state\n      expiresAt\n      paidAt\n      closedAt\n      returnUrl\n      payParams {\n        __typename\n        ... on QrCodeParams {\n          codeUrl\n          svg\n        }\n        ... on RedirectParams {\n          url\n          method\n          fields {\n            name\n            value\n          }\n          expiresAt\n        }\n        ... on H5Params {\n          url\n          expiresAt\n        }\n      }\n    }\n  }\n":new Q(`
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
    `),"\n  query CheckoutOrderStatus($id: ID!) {\n    order(id: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n":new Q(`
    query CheckoutOrderStatus($id: ID!) {
  order(id: $id) {
    id
    state
    expiresAt
    paidAt
    closedAt
  }
}
    `),"\n  subscription CheckoutPaymentStatus($id: ID!) {\n    paymentStatus(orderId: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n":new Q(`
    subscription CheckoutPaymentStatus($id: ID!) {
  paymentStatus(orderId: $id) {
    id
    state
    expiresAt
    paidAt
    closedAt
  }
}
    `)};function $(e){return e4[e]??{}}var t4=$(`
  mutation AdminLogin($username: String!, $password: String!) {
    adminLogin(username: $username, password: $password) {
      token
      expiresAt
    }
  }
`),n4=$(`
  query Me {
    me {
      kind
      adminId
      username
      role
    }
  }
`),r4=$(`
  query ServerInfo {
    serverInfo {
      sandbox
      version
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
      apiVersion
      appId
      mchId
      hasApiKey
      hasAppSecret
      merchantSerialNo
      hasMerchantPrivateKey
      hasApiV3Key
      wechatPayPublicKeyId
      hasWechatPayPublicKey
      platformCertificates {
        serialNo
        expiresAt
      }
    }
    alipay {
      appId
      hasAppPrivateKey
      hasAlipayPublicKey
    }
  }
`);var i4=$(`
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
`),a4=$(`
  query Project($id: ID!) {
    project(id: $id) {
      ...ProjectFields
    }
  }
`),o4=$(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      apiKey
      signingSecret
      project {
        ...ProjectFields
      }
    }
  }
`),s4=$(`
  mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {
    updateProject(id: $id, input: $input) {
      ...ProjectFields
    }
  }
`),c4=$(`
  mutation DisableProject($id: ID!) {
    disableProject(id: $id) {
      ...ProjectFields
    }
  }
`),l4=$(`
  mutation EnableProject($id: ID!) {
    enableProject(id: $id) {
      ...ProjectFields
    }
  }
`),u4=$(`
  mutation RotateProjectKey($id: ID!) {
    rotateProjectKey(id: $id) {
      apiKey
      project {
        ...ProjectFields
      }
    }
  }
`),d4=$(`
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
`);var f4=$(`
  query Orders($filter: OrderFilter, $first: Int, $after: String, $withTotal: Boolean = false) {
    orders(filter: $filter, first: $first, after: $after) {
      totalCount @include(if: $withTotal)
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
`);var p4=$(`
  query Order($id: ID!, $refresh: Boolean) {
    order(id: $id, refresh: $refresh) {
      ...OrderDetail
    }
  }
`),m4=$(`
  mutation CloseOrder($id: ID!) {
    closeOrder(id: $id) {
      ...OrderDetail
    }
  }
`),h4=$(`
  mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {
    refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {
      id
      refundNo
      amount
      state
      failureReason
    }
  }
`),g4=$(`
  mutation ResendCallback($orderId: ID!) {
    resendCallback(orderId: $orderId) {
      ...OrderDetail
    }
  }
`),_4=$(`
  mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {
    sandboxPay(orderId: $orderId, outcome: $outcome) {
      ...OrderRow
    }
  }
`),v4=$(`
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
`),y4=$(`
  mutation PayOrder($input: PayOrderInput!) {
    payOrder(input: $input) {
      order {
        ...OrderRow
      }
    }
  }
`),b4=$(`
  mutation SendTestCallback($projectId: ID!) {
    sendTestCallback(projectId: $projectId) {
      eventId
      url
      acknowledged
      httpStatus
      latencyMs
      responseExcerpt
      error
    }
  }
`);$(`
  fragment StatsFiguresFields on StatsFigures {
    createdCount
    createdPaidCount
    successRate
    paidCount
    paidAmount
    refundCount
    refundedAmount
    netAmount
  }
`);var x4=$(`
  query Stats($projectId: ID, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) {
    stats(projectId: $projectId, from: $from, to: $to, bucket: $bucket) {
      from
      to
      bucket
      totals {
        ...StatsFiguresFields
      }
      byChannel {
        channel
        figures {
          ...StatsFiguresFields
        }
      }
      byProject {
        projectId
        figures {
          ...StatsFiguresFields
        }
      }
      series {
        start
        end
        figures {
          paidCount
          paidAmount
          refundedAmount
          createdCount
          successRate
        }
        byChannel {
          channel
          figures {
            paidAmount
          }
        }
      }
    }
  }
`),S4=$(`
  query Refunds($filter: RefundFilter, $first: Int, $after: String) {
    refunds(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          orderId
          projectId
          refundNo
          amount
          reason
          state
          providerRefundNo
          failureReason
          createdAt
          succeededAt
          order {
            orderNo
            channel
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`),C4=$(`
  query CallbackEvents($filter: CallbackEventFilter, $first: Int, $after: String) {
    callbackEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          orderId
          projectId
          type
          payload
          createdAt
          deliveredAt
          failedAt
          order {
            orderNo
          }
          attempts {
            attempt
            httpStatus
            acknowledged
            latencyMs
            error
            responseExcerpt
            createdAt
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);$(`
  fragment AdminFields on Admin {
    id
    username
    role
    disabled
    passwordChangedAt
    createdAt
    updatedAt
  }
`);var w4=$(`
  query Admins($first: Int, $after: String) {
    admins(first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...AdminFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`),T4=$(`
  mutation CreateAdmin($input: CreateAdminInput!) {
    createAdmin(input: $input) {
      ...AdminFields
    }
  }
`),E4=$(`
  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {
    updateAdmin(id: $id, input: $input) {
      ...AdminFields
    }
  }
`),D4=$(`
  mutation DisableAdmin($id: ID!) {
    disableAdmin(id: $id) {
      ...AdminFields
    }
  }
`),O4=$(`
  mutation SetAdminPassword($id: ID!, $password: String!) {
    setAdminPassword(id: $id, password: $password) {
      ...AdminFields
    }
  }
`),k4=$(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      expiresAt
    }
  }
`),A4=$(`
  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          actorKind
          actorId
          actorName
          action
          targetType
          targetId
          projectId
          detail
          clientIp
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);$(`
  fragment ReconciliationReportFields on ReconciliationReport {
    id
    projectId
    provider
    date
    status
    attempts
    lastError
    nextAttemptAt
    billPayments
    billPaidAmount
    billSettlementAmount
    billRefunds
    billRefundedAmount
    billFee
    payments
    paidAmount
    refunds
    refundedAmount
    discrepancyCount
    openDiscrepancyCount
    healedDiscrepancyCount
    createdAt
    startedAt
    finishedAt
  }
`);var j4=$(`
  query ReconciliationReports($filter: ReconciliationReportFilter, $first: Int, $after: String) {
    reconciliationReports(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...ReconciliationReportFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`),M4=$(`
  query ReconciliationReport($id: ID!) {
    reconciliationReport(id: $id) {
      ...ReconciliationReportFields
    }
  }
`);$(`
  fragment DiscrepancyFields on Discrepancy {
    id
    reportId
    projectId
    provider
    date
    kind
    status
    orderId
    orderNo
    refundId
    refundNo
    providerTradeNo
    providerRefundNo
    amount
    billAmount
    billLine
    detail
    healedAt
    resolvedBy
    resolutionNote
    resolvedAt
    createdAt
    updatedAt
  }
`);var N4=$(`
  query Discrepancies($filter: DiscrepancyFilter, $first: Int, $after: String) {
    discrepancies(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...DiscrepancyFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`),P4=$(`
  mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {
    reconcile(projectId: $projectId, date: $date, provider: $provider) {
      ...ReconciliationReportFields
    }
  }
`),F4=$(`
  mutation ResolveDiscrepancy($id: ID!, $note: String!) {
    resolveDiscrepancy(id: $id, note: $note) {
      ...DiscrepancyFields
    }
  }
`),I4=null;function L4(){return I4??=B2(r4).then(e=>e.serverInfo.sandbox).catch(()=>(I4=null,!1)),I4}async function R4(e=`publicKey`){let t=await fetch(`/sandbox/merchants`,{method:`POST`,headers:{"content-type":`application/json`},body:JSON.stringify({wechatMode:e}),credentials:`omit`});if(!t.ok)throw Error(`POST /sandbox/merchants: HTTP ${t.status}`);return await t.json()}var z4=S2({history:Vy(`/console/`),routes:[{path:`/login`,name:`login`,component:()=>n(()=>import(`./LoginView-BfvTH4cp.js`),__vite__mapDeps([0,1,2,3,4,5,6,7,8,9,10])),meta:{public:!0}},{path:`/`,component:()=>n(()=>import(`./AppLayout-DrYaz5EN.js`),__vite__mapDeps([11,1,3,12,8,13,7,9,14])),children:[{path:``,redirect:{name:`orders`}},{path:`dashboard`,name:`dashboard`,component:()=>n(()=>import(`./DashboardView-ChP9OR-d.js`),__vite__mapDeps([15,1,5,16,3,17,6,8,18,19,4,20,21,22,23,24,25,26,27,28]))},{path:`orders`,name:`orders`,component:()=>n(()=>import(`./OrdersView-CJ9B3iEl.js`),__vite__mapDeps([29,1,3,17,6,8,18,19,4,20,22,24,25,30,26,27,31]))},{path:`refunds`,name:`refunds`,component:()=>n(()=>import(`./RefundsView-Bg_xo_Wl.js`),__vite__mapDeps([32,1,3,17,6,8,18,19,4,20,22,24,33,34,26,27,35]))},{path:`callbacks`,name:`callbacks`,component:()=>n(()=>import(`./CallbacksView-DjK2GM76.js`),__vite__mapDeps([36,1,3,4,8,21,19,20,22,24,13,33,34,30,37]))},{path:`reconciliation`,name:`reconciliation`,component:()=>n(()=>import(`./ReconciliationView-Blvt2WGN.js`),__vite__mapDeps([38,1,2,3,4,17,6,8,18,19,20,39,22,24,13,33,34,26,40,30,41]))},{path:`reconciliation/:id`,name:`reconciliation-report`,component:()=>n(()=>import(`./ReconciliationReportView-C99tWf6f.js`),__vite__mapDeps([42,1,2,3,4,5,16,43,39,6,8,19,20,22,24,13,33,34,26,40,30,44])),props:!0},{path:`admins`,name:`admins`,component:()=>n(()=>import(`./AdminsView-BtcniuZb.js`),__vite__mapDeps([45,1,2,3,4,5,39,6,46,47,8,19,20,22,13,33,34,48]))},{path:`audit`,name:`audit`,component:()=>n(()=>import(`./AuditLogView-KCn5mPsU.js`),__vite__mapDeps([49,1,3,6,8,19,4,20,22,24,33,34,30,50]))},{path:`orders/:id`,name:`order`,component:()=>n(()=>import(`./OrderDetailView-BjbFXKJt.js`),__vite__mapDeps([51,1,2,3,4,5,12,43,39,6,46,47,21,19,20,22,24,25,13,26,27,52])),props:!0},{path:`projects`,name:`projects`,component:()=>n(()=>import(`./ProjectsView-DZ7p2DxE.js`),__vite__mapDeps([53,1,3,39,2,4,19,20,24,13,54,6,18,21,47,55,56]))},{path:`projects/:id`,name:`project`,component:()=>n(()=>import(`./ProjectDetailView-mvoBLIoV.js`),__vite__mapDeps([57,1,2,3,4,5,16,43,46,47,39,6,13,24,54,19,20,18,21,55,58])),props:!0},{path:`sandbox`,name:`sandbox`,component:()=>n(()=>import(`./SandboxView-CknUIZYI.js`),__vite__mapDeps([59,1,2,3,4,5,6,8,19,20,22,24,25,26,27,60])),meta:{sandboxOnly:!0}}]},{path:`/:rest(.*)*`,redirect:{name:`orders`}}]});z4.beforeEach(async e=>!e.meta.public&&!M2()?{name:`login`,query:e.fullPath===`/`?{}:{redirect:e.fullPath}}:e.name===`login`&&M2()||e.meta.sandboxOnly&&!await L4()?{name:`orders`}:!0),F2(e=>{let t=z4.currentRoute.value;t.meta.public||z4.replace({name:`login`,query:{...e===`logout`?{}:{redirect:t.fullPath,reason:e}}})}),Lu(yv).use(gv).use(z4).mount(`#app`);export{ng as $,L as $n,b as $r,Cp as $t,d4 as A,Lu as An,sn as Ar,Qm as At,U2 as B,vs as Bn,gn as Br,Vm as Bt,M4 as C,ld as Cn,Sc as Cr,Ch as Ct,g4 as D,Gu as Dn,br as Dr,ih as Dt,S4 as E,Ju as En,kr as Er,rh as Et,E4 as F,ku as Fn,Qt as Fr,Xm as Ft,N2 as G,Bs as Gn,p as Gr,Vp as Gt,P2 as H,V as Hn,hn as Hr,zm as Ht,s4 as I,Du as In,dn as Ir,Zm as It,_v as J,Rs as Jn,_ as Jr,Ip as Jt,w2 as K,Ds as Kn,A as Kr,Bp as Kt,L2 as L,R as Ln,F as Lr,Gm as Lt,b4 as M,pu as Mn,Zt as Mr,Ym as Mt,O4 as N,hu as Nn,$t as Nr,Jm as Nt,F4 as O,Bc as On,xr as Or,th as Ot,x4 as P,il as Pn,un as Pr,qm as Pt,og as Q,_c as Qn,C as Qr,wp as Qt,B2 as R,_s as Rn,wn as Rr,Um as Rt,P4 as S,ud as Sn,Ia as Sr,Sh as St,h4 as T,Yu as Tn,Dr as Tr,oh as Tt,F2 as U,Ps as Un,o as Ur,im as Ut,H2 as V,Ls as Vn,mn as Vr,Bm as Vt,A2 as W,Os as Wn,k as Wr,rm as Wt,vv as X,li as Xn,S as Xr,Mp as Xt,gv as Y,z as Yn,y as Yr,Pp as Yt,Q0 as Z,B as Zn,D as Zr,Tp as Zt,p4 as _,Vd as _n,ga as _r,dh as _t,A4 as a,Uf as an,ta as ar,qh as at,a4 as b,gd as bn,La as br,lh as bt,m4 as c,Ff as cn,Ji as cr,Bh as ct,D4 as d,Xd as dn,ia as dr,kh as dt,ge as ei,Sp as en,ks as er,tg as et,c4 as f,Jd as fn,Ss as fr,ch as ft,v4 as g,Hd as gn,pa as gr,mh as gt,n4 as h,Ud as hn,xa as hr,ph as ht,w4 as i,Jf as in,qi as ir,Jh as it,_4 as j,Fu as jn,Ie as jr,Km as jt,u4 as k,Xl as kn,I as kr,$m as kt,T4 as l,lf as ln,na as lr,Nh as lt,l4 as m,Gd as mn,ya as mr,hh as mt,L4 as n,Oe as ni,yp as nn,Ws as nr,Zh as nt,C4 as o,Vf as on,aa as or,Uh as ot,N4 as p,qd as pn,Cr as pr,uh as pt,C2 as q,ba as qn,m as qr,zp as qt,t4 as r,ie as ri,Zf as rn,er as rr,Qh as rt,k4 as s,zf as sn,ra as sr,Vh as st,R4 as t,de as ti,xp as tn,Va as tr,Xh as tt,o4 as u,rf as un,oa as ur,Ph as ut,f4 as v,Rd as vn,ha as vr,xh as vt,j4 as w,sd as wn,Ar as wr,sh as wt,i4 as x,dd as xn,lo as xr,bh as xt,y4 as y,xd as yn,Ca as yr,yh as yt,K2 as z,Gr as zn,xn as zr,Hm as zt};