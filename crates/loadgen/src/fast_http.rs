//! The load generator's plain-HTTP path: hyper HTTP/1.1 connections kept in a small idle pool,
//! each request taking one and giving it back, with no per-request proxy, cookie or redirect
//! handling. This is how dedicated load generators (oha) keep the client's cost per request low
//! enough that the server, not the client, is measured. TLS and streamed answers go through
//! reqwest instead.

use super::target::CallError;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use reqwest::Url;
use reqwest::header::{HOST, HeaderMap, HeaderValue};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

type Sender = SendRequest<Full<Bytes>>;

pub struct Connections {
    address: String,
    path: String,
    headers: HeaderMap,
    idle: Mutex<Vec<Sender>>,
    timeout: Duration,
}

impl Connections {
    /// `None` for URLs this path does not serve (https).
    pub fn new(url: &Url, headers: &HeaderMap, timeout: Duration) -> Option<Connections> {
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?;
        let port = url.port_or_known_default()?;
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let mut headers = headers.clone();
        headers.insert(HOST, HeaderValue::from_str(&authority).ok()?);
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let address = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        Some(Connections { address, path, headers, idle: Mutex::new(Vec::new()), timeout })
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Sender>> {
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn connect(&self) -> Result<Sender, CallError> {
        let stream = tokio::net::TcpStream::connect(&self.address)
            .await
            .map_err(|e| CallError::Connect(format!("{} ({})", e, self.address)))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) =
            http1::handshake(TokioIo::new(stream)).await.map_err(|e| CallError::Connect(e.to_string()))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }

    /// POSTs `body`; answers the status and the whole body.
    pub async fn post(&self, body: Bytes) -> Result<(u16, Bytes), CallError> {
        let work = async {
            let pooled = self.idle().pop();
            let mut sender = match pooled {
                Some(sender) => sender,
                None => self.connect().await?,
            };
            // A pooled connection the server has since closed is replaced, not counted as an error.
            if sender.ready().await.is_err() {
                sender = self.connect().await?;
            }
            let mut request = hyper::Request::post(self.path.as_str())
                .body(Full::new(body))
                .map_err(|e| CallError::Connect(e.to_string()))?;
            *request.headers_mut() = self.headers.clone();
            let response =
                sender.send_request(request).await.map_err(|e| CallError::Connect(e.to_string()))?;
            let status = response.status().as_u16();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|e| CallError::Connect(format!("the answer broke off: {e}")))?
                .to_bytes();
            self.idle().push(sender);
            Ok((status, bytes))
        };
        tokio::time::timeout(self.timeout, work).await.map_err(|_| CallError::Timeout)?
    }
}
