//! A scripted HTTP/1.1 server on a local port for unit tests: raw tokio TCP, no framework, so
//! tests control exactly what each request gets and can count the requests made.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone)]
pub(crate) enum Reply {
    Answer {
        status: u16,
        content_type: &'static str,
        body: String,
    },
    /// Reads the request and never answers (for timeouts).
    Silent,
}

impl Reply {
    pub(crate) fn new(status: u16, content_type: &'static str, body: &str) -> Reply {
        Reply::Answer { status, content_type, body: body.to_string() }
    }

    pub(crate) fn json(status: u16, body: &str) -> Reply {
        Reply::new(status, "application/json", body)
    }
}

/// Answers the n-th request with the n-th reply (the last one again once they run out) and
/// records every request's raw text.
pub(crate) struct ScriptedServer {
    pub(crate) url: String,
    requests: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl ScriptedServer {
    pub(crate) async fn start(replies: Vec<Reply>) -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a local port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            let mut served = 0usize;
            while let Ok((stream, _)) = listener.accept().await {
                let reply = replies.get(served).or(replies.last()).cloned();
                served += 1;
                let recorded = Arc::clone(&recorded);
                tokio::spawn(async move {
                    if let Some(reply) = reply {
                        serve(stream, reply, recorded).await;
                    }
                });
            }
        });
        ScriptedServer { url, requests, task }
    }

    /// Every request received so far, head and body, in arrival order.
    pub(crate) fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|requests| requests.clone()).unwrap_or_default()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, reply: Reply, recorded: Arc<Mutex<Vec<String>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    if let Ok(mut requests) = recorded.lock() {
        requests.push(request);
    }
    match reply {
        Reply::Silent => {
            // Hold the connection open until the client gives up.
            let mut sink = [0u8; 64];
            while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
        }
        Reply::Answer { status, content_type, body } => {
            let head = format!(
                "HTTP/1.1 {status} Scripted\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// The request's head and its `Content-Length` body, read whole so that closing the socket
/// afterwards does not reset a client still sending.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_string();
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return Some(String::from_utf8_lossy(&data).to_string());
            }
        }
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    }
}
